-- Runs in a headless Neovim whose init.lua is the README's snippet (editors/nvim/copydesk-lsp.lua),
-- against the real `copydesk server` found on PATH: `.ci/test-nvim` sets it up and runs
-- `nvim --headless -i NONE -c "luafile tests/nvim/lsp.lua"` from the repository root. Neovim's
-- own LSP client opens an article, shows the diagnostic on the exact word (after an accented
-- letter), hovers on it, applies the quick fix through the snippet's own mapping, and sees a line
-- typed in Insert mode checked and underlined before leaving it.
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

-- The configuration is the user's init.lua (the README's snippet), already loaded.
check(vim.fn.exists("#copydesk-lsp#FileType") == 1, "init.lua set up copydesk's FileType autocommand")

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

-- Hover, as `K` asks for it, on the name.
local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = d.lnum, character = d.col },
}, 10000) or {}
local hovered = ""
for _, result in pairs(hover) do
  if result.result and result.result.contents then
    hovered = hovered .. (result.result.contents.value or "")
  end
end
check(hovered:find("Kyiv", 1, true) ~= nil, "hover on `Kiev` names Kyiv: " .. hovered)

-- The quick fix as a user gets it: the cursor on the word, <leader>a (the snippet's mapping),
-- and "Write `Kyiv`" chosen from the menu Neovim shows (vim.ui.select, answered here).
local offered = {}
vim.ui.select = function(items, opts, on_choice)
  local chosen
  for _, item in ipairs(items) do
    local title = opts.format_item and opts.format_item(item) or tostring(item)
    table.insert(offered, title)
    if title == "Write `Kyiv`" then
      chosen = item
    end
  end
  on_choice(chosen)
end
vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 1 })
vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<leader>a", true, false, true), "x", false)
check(vim.wait(10000, function()
  return #offered > 0
end, 50), "<leader>a offers code actions")
check(vim.tbl_contains(offered, "Ignore misspelled-name in this file"), "ignore in this file is offered: " .. table.concat(offered, " | "))
vim.wait(10000, function()
  return vim.api.nvim_buf_get_lines(bufnr, 4, 5, true)[1]:find("Kyiv", 1, true) ~= nil
end, 50)
check(
  vim.api.nvim_buf_get_lines(bufnr, 4, 5, true)[1] == "Café owners in Kyiv said prices rose.",
  "the quick fix rewrote the word: " .. vim.api.nvim_buf_get_lines(bufnr, 4, 5, true)[1]
)
check(vim.wait(10000, function()
  return #diagnostics() == 0
end, 50), "the fixed buffer has no diagnostics")

-- Typing a new line in Insert mode, key by key (incremental changes from the real client): the
-- finding is underlined before Insert mode is left, as the snippet asks (update_in_insert). A
-- timer looks while the keys are being typed, then leaves Insert mode.
local underline_ns
local ok, ns = pcall(function()
  return vim.diagnostic.get_namespace(vim.lsp.diagnostic.get_namespace(client.id)).user_data.underline_ns
end)
if ok then
  underline_ns = ns
end
local seen_in_insert, mode_then, underlined = false, nil, nil
local deadline = vim.loop.now() + 10000
local function look()
  local found = #diagnostics() == 1
  if found or vim.loop.now() > deadline then
    seen_in_insert = found
    mode_then = vim.api.nvim_get_mode().mode
    if underline_ns then
      underlined = #vim.api.nvim_buf_get_extmarks(bufnr, underline_ns, { 5, 0 }, { 5, -1 }, {})
    end
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<Esc>", true, false, true), "n", false)
  else
    vim.defer_fn(look, 50)
  end
end
vim.api.nvim_win_set_cursor(0, { 5, 0 })
vim.defer_fn(look, 50)
-- "x!": execute the keys and stay in Insert mode until the timer's <Esc>.
vim.api.nvim_feedkeys("oThen Zoë flew to Kiev.", "nx!", false)
check(seen_in_insert and mode_then == "i", "a misspelling typed is reported in Insert mode (mode " .. tostring(mode_then) .. ")")
check(underline_ns == nil or underlined == 1, "and underlined there: " .. tostring(underlined))
local typed = diagnostics()[1]
if typed then
  local text = vim.api.nvim_buf_get_lines(bufnr, typed.lnum, typed.lnum + 1, true)[1]
  check(typed.lnum == 5 and text:sub(typed.col + 1, typed.end_col) == "Kiev", "on the typed `Kiev`")
end

finish()
