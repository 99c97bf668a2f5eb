-- copydesk as a linter for nvim-lint (https://github.com/mfussenegger/nvim-lint).
--
-- Put this file in your configuration (for example ~/.config/nvim/lua/copydesk.lua) and call
-- `require("copydesk")` after nvim-lint is loaded. copydesk reads the buffer from standard input
-- (`check -`), named by `--stdin-filename` so that Markdown is read as Markdown, and answers with
-- its JSON output. Positions come from the byte offsets in that output: the buffer is sent as
-- lines joined by "\n", so an offset minus the offset of its line is the byte column Neovim wants.

local lint = require("lint")

local severities = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
  info = vim.diagnostic.severity.INFO,
}

lint.linters.copydesk = {
  cmd = "copydesk",
  stdin = true,
  args = {
    "check",
    "-",
    "--format",
    "json",
    "--stdin-filename",
    function()
      return vim.api.nvim_buf_get_name(0)
    end,
  },
  stream = "stdout",
  -- copydesk exits with 1 when it finds errors; that is a result, not a failure.
  ignore_exitcode = true,
  parser = function(output, bufnr)
    if output == nil or output == "" then
      return {}
    end
    local ok, decoded = pcall(vim.json.decode, output)
    if not ok or type(decoded) ~= "table" then
      return {}
    end
    local diagnostics = {}
    for _, d in ipairs(decoded.diagnostics or {}) do
      local lnum = d.range.start.line - 1
      local end_lnum = d.range["end"].line - 1
      local message = d.message
      if d.help ~= vim.NIL and d.help ~= nil then
        message = message .. "\nhelp: " .. d.help
      end
      table.insert(diagnostics, {
        lnum = lnum,
        col = d.range.start.offset - vim.api.nvim_buf_get_offset(bufnr, lnum),
        end_lnum = end_lnum,
        end_col = d.range["end"].offset - vim.api.nvim_buf_get_offset(bufnr, end_lnum),
        severity = severities[d.severity] or vim.diagnostic.severity.WARN,
        code = d.code,
        message = message,
        source = "copydesk",
        user_data = { fixes = d.fixes },
      })
    end
    return diagnostics
  end,
}

-- Check Markdown and plain text when a buffer is read, written or left in insert mode.
lint.linters_by_ft.markdown = lint.linters_by_ft.markdown or {}
table.insert(lint.linters_by_ft.markdown, "copydesk")
lint.linters_by_ft.text = lint.linters_by_ft.text or {}
table.insert(lint.linters_by_ft.text, "copydesk")

vim.api.nvim_create_autocmd({ "BufReadPost", "BufWritePost", "InsertLeave" }, {
  group = vim.api.nvim_create_augroup("copydesk-lint", { clear = true }),
  callback = function()
    lint.try_lint()
  end,
})
