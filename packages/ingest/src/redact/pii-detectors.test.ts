import { describe, expect, it } from 'vitest'
import { isIbanValid, isLuhnValid } from './check-digits.js'
import {
  findCards,
  findEmails,
  findIbans,
  findIpv4,
  findIpv6,
  findPhones,
  findSecrets,
  type FindPii,
  type PiiMatch,
} from './pii-detectors.js'

/** What a finder matched in `text`, as `LABEL:matched text`, in text order. */
function found(find: FindPii, text: string): string[] {
  const out: PiiMatch[] = []
  find(text, out)
  return out
    .sort((a, b) => a.start - b.start)
    .map((m) => `${m.label}:${text.slice(m.start, m.end)}`)
}

// Texts shaped like what users paste into prompts and what tools return.
const supportTicket =
  'Hi, I am Jane Doe (jane.doe+billing@acme-corp.co.uk). My colleague J.Smith@Example.COM was ' +
  'charged twice; see order #4821 from 2025-06-01.'

describe('findEmails', () => {
  it('finds addresses with plus tags, subdomains and any case, keeping the sentence around them', () => {
    expect(found(findEmails, supportTicket)).toEqual([
      'EMAIL:jane.doe+billing@acme-corp.co.uk',
      'EMAIL:J.Smith@Example.COM',
    ])
  })

  it('hashes the lower-cased address, so case variants are one value', () => {
    const out: PiiMatch[] = []
    findEmails('Mail J.Smith@Example.COM', out)
    expect(out[0]?.value).toBe('j.smith@example.com')
  })

  it('ends an address before trailing punctuation and JSON quotes', () => {
    expect(found(findEmails, 'write to ops@example.org.')).toEqual(['EMAIL:ops@example.org'])
    expect(found(findEmails, '{"to":"ops@example.org","cc":null}')).toEqual([
      'EMAIL:ops@example.org',
    ])
  })

  it('leaves decorators, npm scopes, handles and host-only addresses alone', () => {
    const text =
      'Use @Component and @llm-observatory/core; ping @jane on Slack; root@localhost; ' +
      'version pkg@1.2.3; a@b.c'
    expect(found(findEmails, text)).toEqual([])
  })
})

describe('findPhones', () => {
  it('finds international numbers in the usual notations', () => {
    const text =
      'Call +1 (415) 555-2671 or +44 20 7946 0958; Berlin office +49 (0)30 12345678, ' +
      'mobile +33 6 12 34 56 78, WhatsApp +14155552671.'
    expect(found(findPhones, text)).toEqual([
      'PHONE:+1 (415) 555-2671',
      'PHONE:+44 20 7946 0958',
      'PHONE:+49 (0)30 12345678',
      'PHONE:+33 6 12 34 56 78',
      'PHONE:+14155552671',
    ])
  })

  it('finds national numbers with a trunk 0 and North American numbers', () => {
    const text =
      'UK 020 7946 0958, mobile 07700 900123, Paris 01 23 45 67 89, Berlin 030-12345678, ' +
      'US (415) 555-2671, 415-555-2671, 415.555.2671'
    expect(found(findPhones, text)).toEqual([
      'PHONE:020 7946 0958',
      'PHONE:07700 900123',
      'PHONE:01 23 45 67 89',
      'PHONE:030-12345678',
      'PHONE:(415) 555-2671',
      'PHONE:415-555-2671',
      'PHONE:415.555.2671',
    ])
  })

  it('canonicalizes to + and digits for hashing', () => {
    const out: PiiMatch[] = []
    findPhones('+1 (415) 555-2671', out)
    expect(out[0]?.value).toBe('+14155552671')
  })

  it('does not take token counts, timestamps, dates, times, UUIDs, IPs or versions for phones', () => {
    const text = [
      'prompt_tokens 1234567890 and total 4155552671',
      'at 1748779200000 (ms) or 1748779200000000000 (ns)',
      'on 2025-06-01, 2025-06-01T12:00:00.000Z, 01.02.2025 10:30, 01/02/2025',
      'request 550e8400-e29b-41d4-a716-446655440000',
      'trace 4bf92f3577b34da6a3ce929d0e0e4736',
      'host 192.168.100.200 and 10.0.0.1',
      'release 1.24.3, price $1,234,567.89, 100 200 3000 rows, +05:30 offset',
    ].join('\n')
    expect(found(findPhones, text)).toEqual([])
  })
})

describe('findCards', () => {
  it('finds Luhn-valid card numbers, grouped or not, of every network', () => {
    const text =
      'Visa 4111 1111 1111 1111, MC 5500-0055-5555-5559, Amex 3782 822463 10005, ' +
      'Discover 6011111111111117, Mastercard 2-series 2223003122003222.'
    expect(found(findCards, text)).toEqual([
      'CREDIT_CARD:4111 1111 1111 1111',
      'CREDIT_CARD:5500-0055-5555-5559',
      'CREDIT_CARD:3782 822463 10005',
      'CREDIT_CARD:6011111111111117',
      'CREDIT_CARD:2223003122003222',
    ])
  })

  it('stops at the card when more digits follow after a space', () => {
    expect(found(findCards, 'card 4111 1111 1111 1111 5 times')).toEqual([
      'CREDIT_CARD:4111 1111 1111 1111',
    ])
  })

  it('rejects Luhn-invalid numbers, timestamps, token counts and ids', () => {
    const text = [
      'card 4111 1111 1111 1112 and 5500005555555558',
      'at 1748779200000 and 1748779200000000000',
      'total_tokens 4000000000000000',
      'id 1234-4111-1111-1111-1111-99 and v3.4111111111111111',
      'order 411111111111111122334',
    ].join('\n')
    expect(found(findCards, text)).toEqual([])
  })

  it('implements the Luhn check', () => {
    expect(isLuhnValid('79927398713')).toBe(true)
    expect(isLuhnValid('79927398710')).toBe(false)
    expect(isLuhnValid('')).toBe(false)
    expect(isLuhnValid('4111x11111111111')).toBe(false)
  })
})

describe('findIbans', () => {
  it('finds IBANs printed in groups or compact, with a valid mod-97 check', () => {
    const text =
      'Pay to DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432, ref FR76 3000 6000 0112 ' +
      '3456 7890 189 by Friday.'
    expect(found(findIbans, text)).toEqual([
      'IBAN:DE89 3704 0044 0532 0130 00',
      'IBAN:GB82WEST12345698765432',
      'IBAN:FR76 3000 6000 0112 3456 7890 189',
    ])
  })

  it('rejects a wrong check digit, an unknown country and look-alike codes', () => {
    const text = 'DE89370400440532013001 and ZZ89370400440532013000, part AB12CD34EF56GH78'
    expect(found(findIbans, text)).toEqual([])
  })

  it('implements ISO 13616 mod 97', () => {
    expect(isIbanValid('NL91ABNA0417164300')).toBe(true)
    expect(isIbanValid('NL91ABNA0417164301')).toBe(false)
    expect(isIbanValid('NL91')).toBe(false)
  })
})

describe('findSecrets', () => {
  it('finds provider API keys', () => {
    const text = [
      'OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z',
      'ANTHROPIC_API_KEY=sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1HgFeDc-Ba0_9xYz',
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'token ghp_16C7e42F292c6912E7710c838347Ae178B4a and github_pat_11ABCDEFG0123456789_abcdefghijklmnopq',
      'slack xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
      'maps AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
      'stripe sk_live_51H8abcDEFghi0123456789',
    ].join('\n')
    expect(found(findSecrets, text)).toEqual([
      'API_KEY:sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z',
      'API_KEY:sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1HgFeDc-Ba0_9xYz',
      'API_KEY:AKIAIOSFODNN7EXAMPLE',
      'API_KEY:ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      'API_KEY:github_pat_11ABCDEFG0123456789_abcdefghijklmnopq',
      'API_KEY:xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
      'API_KEY:AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
      'API_KEY:sk_live_51H8abcDEFghi0123456789',
    ])
  })

  it('finds JWTs and the token of a bearer credential, keeping the word Bearer', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.' +
      'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
    const text = `id_token=${jwt}\nAuthorization: Bearer 8f14e45fceea167a5a36dedd4bea2543`
    expect(found(findSecrets, text)).toEqual([
      `JWT:${jwt}`,
      'BEARER_TOKEN:8f14e45fceea167a5a36dedd4bea2543',
    ])
  })

  it('finds private key blocks, also when cut off before the END line', () => {
    const block =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy\n' +
      '-----END RSA PRIVATE KEY-----'
    expect(found(findSecrets, `key:\n${block}\nthanks`)).toEqual([`PRIVATE_KEY:${block}`])
    const cut = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU'
    expect(found(findSecrets, `here: ${cut}`)).toEqual([`PRIVATE_KEY:${cut}`])
  })

  it('leaves public keys, words and ids that merely look like key prefixes alone', () => {
    const text = [
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----',
      'we use sk-learn-compatible-estimators and task-force-alpha-bravo-charlie',
      'the bearer of this letter, Bearer token-not-included',
      'AKIA is a prefix; eyJ alone; risk_live_demo',
    ].join('\n')
    expect(found(findSecrets, text)).toEqual([])
  })
})

describe('findIpv4 and findIpv6', () => {
  it('finds IPv4 addresses, not dotted versions, OIDs or out-of-range octets', () => {
    const text =
      'client 203.0.113.42 via 10.0.0.1:8080; v1.2.3.4, OID 1.3.6.1.4.1, 256.1.1.1, 1.2.3'
    expect(found(findIpv4, text)).toEqual(['IPV4:203.0.113.42', 'IPV4:10.0.0.1'])
  })

  it('finds IPv6 addresses, full and compressed, and IPv4-mapped', () => {
    const text =
      'from 2001:0db8:85a3:0000:0000:8a2e:0370:7334, gw fe80::1%eth0, lo ::1, ' +
      'mapped ::ffff:192.0.2.128 and ip:2001:db8::8a2e:370:7334: done'
    expect(found(findIpv6, text)).toEqual([
      'IPV6:2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      'IPV6:fe80::1',
      'IPV6:::1',
      'IPV6:::ffff:192.0.2.128',
      'IPV6:2001:db8::8a2e:370:7334',
    ])
  })

  it('leaves clock times, C++ and Rust paths, MAC addresses and hex words alone', () => {
    const text =
      'at 12:30:45, std::vector<int>, tokio::spawn, 00:1A:2B:3C:4D:5E, dead::beef, a::b, ' +
      'JSON {"a":{"b":"c"}}, ratio 16:9'
    expect(found(findIpv6, text)).toEqual([])
  })
})

describe('detectors on hostile input', () => {
  it('stay linear on long runs that almost match', () => {
    // Each of these would make a naive backtracking pattern quadratic or worse.
    const inputs = [
      'a'.repeat(200_000) + '@',
      '-----BEGIN PRIVATE KEY-----'.repeat(5_000),
      '1 '.repeat(100_000),
      '+1'.repeat(100_000),
      ':'.repeat(100_000) + '1',
      'sk-' + 'a'.repeat(200_000),
      'DE89 '.repeat(40_000),
    ]
    for (const text of inputs) {
      for (const find of [
        findEmails,
        findPhones,
        findCards,
        findIbans,
        findSecrets,
        findIpv4,
        findIpv6,
      ])
        find(text, [])
    }
    // Reaching here is the assertion (the suite's timeout bounds the work); check one result too.
    expect(found(findEmails, 'x'.repeat(100) + '@example.com')).toEqual([
      `EMAIL:${'x'.repeat(64)}@example.com`,
    ])
  })
})
