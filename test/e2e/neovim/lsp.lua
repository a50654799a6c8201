-- Neovim (0.7+) as a second LSP client of the IAM Role Lens server over stdio. Run by run.mjs as
--   nvim --headless -u NONE -i NONE -n -c 'luafile lsp.lua' POLICY.json
-- with IAM_SERVER=bin/iam-role-lens-server.js. Prints "ok - ..." / "not ok - ..." lines and a summary,
-- and quits with exit code 1 when a check failed. Every wait is bounded (vim.wait).
local RULE = 'passrole-wildcard-resource'
local PREFERRED = 'Add iam:PassedToService condition: batch.amazonaws.com'
local ROW = '| Answers | Who may **hand** this role to a service? | Who may **become** this role? |'
local passed, failed = 0, 0

local function say(line) io.stdout:write(line .. '\n') end
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    say('ok - ' .. name)
  else
    failed = failed + 1
    say('not ok - ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end
local function finish()
  say(string.format('neovim: %d passed, %d failed', passed, failed))
  io.stdout:flush()
  if failed > 0 or passed == 0 then vim.cmd('cquit 1') else vim.cmd('qa!') end
end
local function has_rule(diags)
  for _, d in ipairs(diags or {}) do
    if d.code == RULE then return d end
  end
end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'json'
  local uri = vim.uri_from_bufnr(buf)
  local published = {} -- raw publishDiagnostics params for this buffer, in order
  local client_id = vim.lsp.start_client({
    name = 'iam-role-lens',
    cmd = { 'node', os.getenv('IAM_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        if result.uri == uri then table.insert(published, result) end
        vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
      end,
    },
  })
  if not check('the server starts', client_id ~= nil) then return end
  vim.lsp.buf_attach_client(buf, client_id)

  -- Diagnostics: the rule id and the range of the "*" of the PassRole statement.
  local got = vim.wait(15000, function() return #published > 0 and has_rule(published[#published].diagnostics) ~= nil end, 20)
  local diag = got and has_rule(published[#published].diagnostics) or nil
  check('diagnostics name the rule ' .. RULE, diag ~= nil, 'no diagnostic with code ' .. RULE .. ' after 15 s')
  if not diag then return end
  check('the diagnostic is on line 12, columns 19-21', diag.range.start.line == 11 and diag.range.start.character == 18 and diag.range['end'].character == 21, vim.inspect(diag.range))
  local shown = vim.diagnostic.get(buf)
  check('vim.diagnostic has it with the rule id as code', #shown == 1 and shown[1].code == RULE and shown[1].source == 'iam-role-lens', vim.inspect(shown))

  -- Hover on iam:PassRole (line 11, inside the string).
  local textDocument = { uri = uri }
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = textDocument, position = { line = 10, character = 20 } }, 5000)
  local md = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value or ''
  check('hover shows the PassRole card', md:find('permission to *hand a role over*', 1, true) ~= nil, md)
  check('hover has the PassRole/AssumeRole contrast row', md:find(ROW, 1, true) ~= nil, md)

  -- Code action: the preferred fix, applied to the buffer.
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', { textDocument = textDocument, range = diag.range, context = { diagnostics = { diag } } }, 5000)
  local actions = res and res[client_id] and res[client_id].result or {}
  local preferred, titles, commands = nil, {}, 0
  for _, a in ipairs(actions) do
    table.insert(titles, a.title)
    if a.isPreferred then preferred = a end
    if a.command ~= nil then commands = commands + 1 end
  end
  check('the preferred code action adds iam:PassedToService', preferred ~= nil and preferred.title == PREFERRED, vim.inspect(titles))
  check('no VS Code-only commands are offered to Neovim', commands == 0, vim.inspect(titles))
  if not preferred then return end
  local before = #published
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  local want = '      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n          "iam:PassedToService": ["batch.amazonaws.com"]\n        }\n      }\n    }'
  check('applying the edit changes the buffer as expected', text:find(want, 1, true) ~= nil, text)
  local cleared = vim.wait(15000, function() return #published > before and has_rule(published[#published].diagnostics) == nil end, 20)
  check('after the edit the server drops the finding', cleared, vim.inspect(published[#published]))
end)
if not ok then check('the script ran to the end', false, tostring(err)) end
finish()
