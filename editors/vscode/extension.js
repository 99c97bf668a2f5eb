// copydesk's language server in VS Code: Markdown and plain-text files, saved or not, are checked
// as you type by `copydesk server`; quick fixes, "Fix all" and hovers come from it.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("copydesk").get("path", "copydesk");
  const serverOptions = {
    command,
    args: ["server"],
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
  };
  client = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
