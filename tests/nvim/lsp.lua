-- Runs editors/nvim/copydesk-lsp.lua in a headless Neovim against the real `copydesk server`
-- (found on PATH): `nvim --headless -u NONE -i NONE -c "luafile tests/nvim/lsp.lua"` from the
-- repository root. Neovim's own LSP client opens an article, shows the diagnostic on the exact
-- word (after an accented letter), applies the preferred quick fix, and sees a change typed into
-- the buffer checked again.
local failures, passed = 0, 0

local function check(ok, what)
  if ok then
    passed = passed + 1
  else
    failures = failures + 1
    io.stderr:write("FAIL: " .. what .. "\n")
  end
end

local function finish()
  io.stdout:write(string.format("nvim lsp: %d passed, %d failed\n", passed, failures))
  for _, client in ipairs(vim.lsp.get_active_clients()) do
    client.stop()
  end
  vim.wait(2000, function()
    return #vim.lsp.get_active_clients() == 0
  end, 50)
  if failures > 0 then
    vim.cmd("cquit 1")
  else
    vim.cmd("qall!")
  end
end

vim.cmd("filetype on")
dofile("editors/nvim/copydesk-lsp.lua")

-- A newsroom folder: a repository root with one article.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir .. "/.git", "p")
local path = dir .. "/story.md"
vim.fn.writefile({
  "---",
  "date: 2025-12-20",
  "---",
  "",
  "Café owners in Kiev said prices rose.",
}, path)

vim.cmd("edit " .. vim.fn.fnameescape(path))
local bufnr = vim.api.nvim_get_current_buf()
check(vim.bo[bufnr].filetype == "markdown", "the buffer is Markdown")

local function diagnostics()
  return vim.diagnostic.get(bufnr)
end

local got = vim.wait(30000, function()
  return #diagnostics() > 0
end, 50)
check(got, "diagnostics arrive after opening")
local client = vim.lsp.get_active_clients()[1]
check(client ~= nil and client.name == "copydesk", "the copydesk client is running")
if not got or client == nil then
  return finish()
end

local d = diagnostics()[1]
local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, true)[1]
check(d.lnum == 4, "the diagnostic is on line 5 (" .. d.lnum .. ")")
check(line:sub(d.col + 1, d.end_col) == "Kiev", "the diagnostic is on `Kiev`, not `" .. line:sub(d.col + 1, d.end_col) .. "`")
check(d.source == "copydesk", "source copydesk")
check(d.severity == vim.diagnostic.severity.ERROR, "an error")

-- The quick fix, as <leader>a offers it: ask for the code actions at the word, apply the
-- preferred one.
local params = vim.lsp.util.make_range_params()
params.range = {
  start = { line = d.lnum, character = d.col },
  ["end"] = { line = d.lnum, character = d.col },
}
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum) }
local results = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000) or {}
local preferred
for _, result in pairs(results) do
  for _, action in ipairs(result.result or {}) do
    if action.isPreferred then
      preferred = action
    end
  end
end
check(preferred ~= nil and preferred.title == "Write `Kyiv`", "a preferred quick fix `Write Kyiv`")
if preferred then
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
end
check(
  vim.api.nvim_buf_get_lines(bufnr, 4, 5, true)[1] == "Café owners in Kyiv said prices rose.",
  "the quick fix rewrote the word: " .. vim.api.nvim_buf_get_lines(bufnr, 4, 5, true)[1]
)
check(vim.wait(10000, function()
  return #diagnostics() == 0
end, 50), "the fixed buffer has no diagnostics")

-- Typing a new line is checked again (incremental changes from the real client).
vim.api.nvim_buf_set_lines(bufnr, 5, 5, true, { "Then Zoë flew to Kiev." })
check(vim.wait(10000, function()
  return #diagnostics() == 1
end, 50), "a typed misspelling is reported")
local typed = diagnostics()[1]
if typed then
  local text = vim.api.nvim_buf_get_lines(bufnr, typed.lnum, typed.lnum + 1, true)[1]
  check(typed.lnum == 5 and text:sub(typed.col + 1, typed.end_col) == "Kiev", "on the typed `Kiev`")
end

finish()
