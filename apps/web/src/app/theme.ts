/**
 * Light and dark themes: `data-theme` on the root element selects the CSS variables. The
 * choice is kept in localStorage (the issue wants it in the user's preferences; this is the
 * stand-in until the server stores preferences). Without a choice the system setting wins.
 */

export type Theme = 'light' | 'dark'
const themeKey = 'observatory.theme'

export function readTheme(): Theme {
  const stored = localStorage.getItem(themeKey)
  if (stored === 'light' || stored === 'dark') return stored
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

export function applyTheme(theme: Theme, options: { persist?: boolean } = {}): void {
  document.documentElement.dataset['theme'] = theme
  if (options.persist === true) localStorage.setItem(themeKey, theme)
}
