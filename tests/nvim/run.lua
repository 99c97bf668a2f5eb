-- Runs editors/nvim/copydesk.lua inside Neovim the way nvim-lint does, against the real copydesk:
-- `nvim --headless -u NONE -i NONE -c "luafile tests/nvim/run.lua"` from the repository root,
-- with COPYDESK naming the binary. nvim-lint itself is replaced by a stand-in module that records
-- the linter; everything else (vim.json, buffers, byte offsets) is Neovim's own.
local failures, passed = 0, 0

local function check(ok, what)
  if ok then
    passed = passed + 1
  else
    failures = failures + 1
    io.stderr:write("FAIL: " .. what .. "\n")
  end
end

local lint = { linters = {}, linters_by_ft = {}, tried = 0 }
function lint.try_lint()
  lint.tried = lint.tried + 1
end
package.loaded["lint"] = lint

dofile("editors/nvim/copydesk.lua")
local linter = lint.linters.copydesk
check(linter ~= nil, "the linter is registered")
check(vim.tbl_contains(lint.linters_by_ft.markdown or {}, "copydesk"), "markdown uses copydesk")
check(vim.tbl_contains(lint.linters_by_ft.text or {}, "copydesk"), "text uses copydesk")

local copydesk = os.getenv("COPYDESK") or linter.cmd

-- What nvim-lint does: evaluate function arguments, send the buffer's lines on standard input.
local function run(path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local cmd = { copydesk }
  for _, arg in ipairs(linter.args) do
    table.insert(cmd, type(arg) == "function" and arg() or arg)
  end
  vim.list_extend(cmd, { "--date", "2025-12-20" })
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, true)
  local output = vim.fn.system(cmd, table.concat(lines, "\n") .. "\n")
  check(vim.v.shell_error == 1, path .. ": copydesk exits with 1 (" .. vim.v.shell_error .. ")")
  check(linter.ignore_exitcode == true, "the exit status 1 is not a failure")
  return bufnr, lines, output
end

local severities = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
  info = vim.diagnostic.severity.INFO,
}

for _, path in ipairs({ "tests/cmd/fixtures/story.md", "tests/cmd/fixtures/wire.txt" }) do
  local bufnr, lines, output = run(path)
  local expected = vim.json.decode(output).diagnostics
  local got = linter.parser(output, bufnr)
  check(#expected > 0, path .. ": copydesk found something")
  check(#got == #expected, path .. ": " .. #got .. " diagnostics, expected " .. #expected)
  for i, d in ipairs(got) do
    local e = expected[i]
    local line = lines[d.lnum + 1] or ""
    local text = line:sub(d.col + 1, d.end_col)
    check(d.lnum == e.range.start.line - 1, path .. ": line of " .. e.message)
    check(d.end_lnum == e.range["end"].line - 1, path .. ": end line of " .. e.message)
    check(text == e.text, path .. ": `" .. text .. "` under the diagnostic, expected `" .. e.text .. "`")
    check(d.severity == severities[e.severity], path .. ": severity of " .. e.message)
    check(d.code == e.code, path .. ": code " .. tostring(d.code))
    check(vim.startswith(d.message, e.message), path .. ": message " .. d.message)
    check(d.source == "copydesk", path .. ": source")
  end
end

check(#linter.parser("", 0) == 0, "empty output gives no diagnostics")
check(#linter.parser("not json", 0) == 0, "output that is not JSON gives no diagnostics")

io.stdout:write(string.format("nvim: %d passed, %d failed\n", passed, failures))
if failures > 0 then
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
