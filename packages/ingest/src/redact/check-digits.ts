/**
 * Luhn (mod 10) check of a digit string, the check digit of every payment card number
 * (ISO/IEC 7812-1). Characters other than digits make it false.
 *
 * @example isLuhnValid('4111111111111111') // true
 * @example isLuhnValid('4111111111111112') // false
 */
export function isLuhnValid(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (d < 0 || d > 9) return false
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return digits.length > 0 && sum % 10 === 0
}

// Countries with IBANs (SWIFT IBAN registry). Lengths differ per country and change when a
// country joins; the mod-97 check below is what rejects random strings.
const ibanCountries = new Set(
  (
    'AD AE AL AT AZ BA BE BG BH BI BR BY CH CR CY CZ DE DJ DK DO EE EG ES FI FK FO FR GB GE GI ' +
    'GL GR GT HN HR HU IE IL IQ IS IT JO KW KZ LB LC LI LT LU LV LY MC MD ME MK MN MR MT MU NI ' +
    'NL NO OM PK PL PS PT QA RO RS RU SA SC SD SE SI SK SM SO ST SV TL TN TR UA VA VG XK YE'
  ).split(' '),
)

/**
 * ISO 13616 check of a compact IBAN (no spaces, upper case): a known country code, two check
 * digits, 15–34 characters, and the number read as `BBAN + country + check` mod 97 equal to 1.
 *
 * @example isIbanValid('DE89370400440532013000') // true
 * @example isIbanValid('DE89370400440532013001') // false
 */
export function isIbanValid(iban: string): boolean {
  if (iban.length < 15 || iban.length > 34) return false
  if (!ibanCountries.has(iban.slice(0, 2))) return false
  let remainder = 0
  for (let k = 0; k < iban.length; k++) {
    // Rotated: the first four characters go to the end.
    const c = iban.charCodeAt((k + 4) % iban.length)
    if (c >= 48 && c <= 57) {
      remainder = (remainder * 10 + (c - 48)) % 97
    } else if (c >= 65 && c <= 90) {
      remainder = (remainder * 100 + (c - 55)) % 97
    } else {
      return false
    }
  }
  return remainder === 1
}
