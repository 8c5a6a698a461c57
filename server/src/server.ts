#!/usr/bin/env node
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { KmsLanguageServer } from './lsp/kmsServer';
import { keepServing } from './lsp/lastResort';

const transports = ['--stdio', '--node-ipc', '--socket', '--pipe'];
if (!process.argv.some((arg) => transports.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
  process.stderr.write(
    'kms-language-server: the KMS language server speaks LSP.\nUsage: kms-language-server --stdio | --node-ipc | --socket=PORT\n',
  );
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
keepServing(connection);
new KmsLanguageServer(connection).listen();
