// Activates editors/vscode/extension.js with stand-ins for the `vscode` and
// `vscode-languageclient/node` modules (which exist only inside VS Code and after `npm install`)
// and checks what it asks of them: `copydesk server` over stdio (the client adds `--stdio`, which
// the server accepts), the configured path, Markdown and plain text, saved or not, and a client
// that is started, disposed with the extension and stopped on deactivation.
//
// Usage: node tests/vscode/activate.js (from the repository root). Prints "N passed, N failed".
const Module = require("module");
const path = require("path");

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    console.error(`FAIL: ${what}`);
  }
}

const made = [];
const stubs = {
  vscode: {
    workspace: {
      getConfiguration: (section) => ({
        get: (key, fallback) => (section === "copydesk" && key === "path" ? "/opt/copydesk/bin/copydesk" : fallback),
      }),
    },
  },
  "vscode-languageclient/node": {
    TransportKind: { stdio: 0, ipc: 1 },
    LanguageClient: class {
      constructor(id, name, serverOptions, clientOptions) {
        Object.assign(this, { id, name, serverOptions, clientOptions, started: false, stopped: false });
        made.push(this);
      }
      start() {
        this.started = true;
        return Promise.resolve();
      }
      stop() {
        this.stopped = true;
        return Promise.resolve();
      }
      dispose() {}
    },
  },
};
const load = Module._load;
Module._load = function (request, parent, isMain) {
  return Object.prototype.hasOwnProperty.call(stubs, request) ? stubs[request] : load.call(this, request, parent, isMain);
};

const manifest = require(path.resolve("editors/vscode/package.json"));
check(manifest.main === "./extension.js", "package.json names extension.js");
check(manifest.activationEvents.includes("onLanguage:markdown"), "activates on Markdown");
check(manifest.activationEvents.includes("onLanguage:plaintext"), "activates on plain text");
check(/^\^9\./.test(manifest.dependencies["vscode-languageclient"]), "vscode-languageclient 9");

const extension = require(path.resolve("editors/vscode", manifest.main));
const context = { subscriptions: [] };
Promise.resolve(extension.activate(context))
  .then(() => {
    check(made.length === 1, "one language client");
    const client = made[0];
    check(client.id === "copydesk", "the client's id");
    check(client.serverOptions.command === "/opt/copydesk/bin/copydesk", "the configured copydesk path");
    check(JSON.stringify(client.serverOptions.args) === JSON.stringify(["server"]), "`copydesk server`");
    check(client.serverOptions.transport === 0, "over stdio");
    const selector = client.clientOptions.documentSelector.map((s) => `${s.scheme}:${s.language}`).sort();
    check(
      JSON.stringify(selector) ===
        JSON.stringify(["file:markdown", "file:plaintext", "untitled:markdown", "untitled:plaintext"]),
      `the documents: ${selector}`,
    );
    check(client.started, "started");
    check(context.subscriptions.includes(client), "disposed with the extension");
    return extension.deactivate();
  })
  .then(() => {
    check(made[0].stopped, "stopped on deactivation");
  })
  .catch((err) => check(false, `activation threw ${err}`))
  .finally(() => {
    console.log(`vscode: ${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  });
