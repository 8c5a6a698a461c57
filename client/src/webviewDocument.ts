import { randomBytes } from 'node:crypto';

/** The parts of a webview page; `style` and `script` are the page's own, trusted text. */
export interface WebviewParts {
  style: string;
  body: string;
  script: string;
}

/**
 * A webview page that loads nothing from outside and runs only its own inline style and script (a
 * fresh nonce per page), so whatever untrusted text the body shows can never run.
 */
export function webviewDocument({ style, body, script }: WebviewParts): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
${style}
</style>
</head>
<body>
${body}
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
${script}
</script>
</body>
</html>`;
}
