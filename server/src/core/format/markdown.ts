/** Escapes untrusted text for Markdown: no emphasis, links, HTML or code spans can come out of it. */
export function escapeMarkdown(text: string, maxLength = 500): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  const cut = flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
  return cut.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (c) => `\\${c}`);
}

/** A Markdown link whose URL we built ourselves (never from input text), with a tooltip saying what it does. */
export function link(label: string, url: string, title?: string): string {
  const tip = title ? ` "${title.replace(/["\\\r\n]/g, ' ')}"` : '';
  return `[${escapeMarkdown(label)}](${url.replace(/[()\s]/g, encodeURIComponent)}${tip})`;
}
