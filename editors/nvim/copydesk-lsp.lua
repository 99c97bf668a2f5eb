-- copydesk's language server in Neovim's built-in LSP client (Neovim 0.7 or later).
--
-- Paste this into your init.lua, or save it as lua/copydesk-lsp.lua in your configuration and
-- `require("copydesk-lsp")`. Markdown and text buffers are checked as you type; `K` shows what
-- the dictionaries know of the name under the cursor and <leader>a offers the fixes (a quick fix,
-- fix all, ignore in this file, accept as a variant, add to the dictionary).

local function root_of(path)
  -- The folder of the nearest copydesk.toml, or the repository root, else the file's folder.
  local dir = vim.fn.fnamemodify(path, ":p:h")
  local folder = dir
  while true do
    for _, marker in ipairs({ "copydesk.toml", ".copydesk.toml", ".git" }) do
      if vim.loop.fs_stat(folder .. "/" .. marker) then
        return folder
      end
    end
    local parent = vim.fn.fnamemodify(folder, ":h")
    if parent == folder then
      return dir
    end
    folder = parent
  end
end

local clients = {}

local function start(bufnr)
  local root = root_of(vim.api.nvim_buf_get_name(bufnr))
  local id = clients[root]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = "copydesk",
      cmd = { "copydesk", "server" },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      handlers = {
        -- Show findings while typing, not only after leaving insert mode.
        ["textDocument/publishDiagnostics"] = vim.lsp.with(
          vim.lsp.diagnostic.on_publish_diagnostics,
          { update_in_insert = true }
        ),
      },
      on_attach = function(_, buf)
        vim.keymap.set("n", "K", vim.lsp.buf.hover, { buffer = buf, desc = "copydesk: what is known of this name" })
        vim.keymap.set("n", "<leader>a", vim.lsp.buf.code_action, { buffer = buf, desc = "copydesk: fixes" })
      end,
    })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

vim.api.nvim_create_autocmd("FileType", {
  group = vim.api.nvim_create_augroup("copydesk-lsp", { clear = true }),
  pattern = { "markdown", "text" },
  callback = function(args)
    start(args.buf)
  end,
})
