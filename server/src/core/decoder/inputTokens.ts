/**
 * A decoded code or RequestId is something the input shows: one token (no spaces, line ends,
 * markup, quotes, control characters or lone surrogates), written as is in the input or in its
 * terminal rendering (ANSI colours removed once). Values that a body only spells out through
 * escapes or entities (`Forbidden&#46;KeyNotFound`, `\u0046orbidden`) or that span lines are not
 * taken for a code.
 */
const TOKEN = /^[^\s\p{C}<>"'`&\\{}[\](),;=]{1,128}$/u;

export function isTokenOf(value: string, views: readonly string[]): boolean {
  return TOKEN.test(value) && views.some((view) => view.includes(value));
}
