-- Neovim (0.7+) as a second LSP client of the IAM Role Lens server over stdio. Run by run.mjs as
--   nvim --headless -u NONE -i NONE -n -c 'luafile lsp.lua' FILE
-- with IAM_SERVER=bin/iam-role-lens-server.js and IAM_CASE naming what FILE is (a case below: the JSON
-- policy or the CloudFormation YAML template of test/e2e/workspace). Prints "ok - CASE: ..." /
-- "not ok - CASE: ..." lines and a summary, and quits with exit code 1 when a check failed. Every wait is
-- bounded (vim.wait).
local WILDCARD = 'passrole-wildcard-resource'
local ROW = '| Answers | Who may **hand** this role to a service? | Who may **become** this role? |'

-- Positions are 0-based LSP positions (line, UTF-16 character).
local CASES = {
  json = { -- passrole-star.json
    filetype = 'json',
    diagnostics = {
      { code = WILDCARD, where = 'line 12, columns 19-21', range = { 11, 18, 11, 21 } },
    },
    hover = { line = 10, character = 20 }, -- "iam:PassRole"
    preferred = 'Add iam:PassedToService condition: batch.amazonaws.com',
    fixed = '      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n          "iam:PassedToService": ["batch.amazonaws.com"]\n        }\n      }\n    }',
  },
  yaml = { -- lambda-deployer.yaml
    filetype = 'yaml',
    diagnostics = {
      { code = WILDCARD, where = "line 18, columns 23-25 (the '*')", range = { 17, 22, 17, 25 } },
      { code = 'trust-oidc-missing-subject', where = 'line 27, columns 26-110 (the !Sub of the OIDC provider)', range = { 26, 25, 26, 110 } },
    },
    hover = { line = 16, character = 24 }, -- Action: iam:PassRole
    preferred = 'Add iam:PassedToService condition: lambda.amazonaws.com',
    fixed = "            Action: iam:PassRole\n            Resource: '*'\n            Condition:\n              StringEquals:\n                iam:PassedToService: [lambda.amazonaws.com]\n  GitHubDeployRole:",
  },
}

local name = os.getenv('IAM_CASE') or 'json'
local case = CASES[name]
local passed, failed = 0, 0

local function say(line) io.stdout:write(line .. '\n') end
local function check(what, ok, detail)
  if ok then
    passed = passed + 1
    say('ok - ' .. name .. ': ' .. what)
  else
    failed = failed + 1
    say('not ok - ' .. name .. ': ' .. what .. (detail and (': ' .. detail) or ''))
  end
  return ok
end
local function finish()
  say(string.format('neovim %s: %d passed, %d failed', name, passed, failed))
  io.stdout:flush()
  if failed > 0 or passed == 0 then vim.cmd('cquit 1') else vim.cmd('qa!') end
end
local function find(diags, code)
  for _, d in ipairs(diags or {}) do
    if d.code == code then return d end
  end
end
local function has_all(diags)
  for _, want in ipairs(case.diagnostics) do
    if not find(diags, want.code) then return false end
  end
  return true
end
local function range_is(r, want)
  return r.start.line == want[1] and r.start.character == want[2] and r['end'].line == want[3] and r['end'].character == want[4]
end

local ok, err = pcall(function()
  if not check('IAM_CASE names a known case', case ~= nil, tostring(name)) then return end
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = case.filetype -- sent as the document's languageId: the server reads YAML by it
  local uri = vim.uri_from_bufnr(buf)
  local published = {} -- raw publishDiagnostics params for this buffer, in order
  local exited = nil -- the server's exit code, once it has exited
  local client_id = vim.lsp.start_client({
    name = 'iam-role-lens',
    cmd = { 'node', os.getenv('IAM_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':h'),
    on_exit = function(code) exited = code end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        if result.uri == uri then table.insert(published, result) end
        vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
      end,
    },
  })
  if not check('the server starts', client_id ~= nil) then return end
  vim.lsp.buf_attach_client(buf, client_id)

  -- Diagnostics: each expected rule id at its exact range, and nothing else.
  -- (A server that exits ends the wait: its checks fail at once.)
  local got = vim.wait(15000, function() return (#published > 0 and has_all(published[#published].diagnostics)) or exited ~= nil end, 20)
  got = got and #published > 0 and has_all(published[#published].diagnostics)
  local last = got and published[#published].diagnostics or (published[#published] or {}).diagnostics or {}
  for _, want in ipairs(case.diagnostics) do
    local d = find(last, want.code)
    if check('diagnostics name the rule ' .. want.code, d ~= nil, 'not published' .. (exited ~= nil and (' (the server exited with ' .. tostring(exited) .. ')') or ' after 15 s') .. ': ' .. vim.inspect(last)) then
      check(want.code .. ' is on ' .. want.where, range_is(d.range, want.range), vim.inspect(d.range))
    end
  end
  local diag = find(last, WILDCARD)
  if not diag then return end
  local shown = vim.diagnostic.get(buf)
  local all_ours = #shown == #case.diagnostics
  for _, s in ipairs(shown) do all_ours = all_ours and s.source == 'iam-role-lens' and find(last, s.code) ~= nil end
  check('vim.diagnostic has exactly these, with the rule ids as codes', all_ours, vim.inspect(shown))

  -- Hover on iam:PassRole.
  local textDocument = { uri = uri }
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = textDocument, position = case.hover }, 5000)
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
  check('a code action is offered, and the preferred one adds iam:PassedToService', preferred ~= nil and preferred.title == case.preferred, vim.inspect(titles))
  check('no VS Code-only commands are offered to Neovim', commands == 0, vim.inspect(titles))
  if not preferred then return end
  local before = #published
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  check('applying the edit changes the buffer as expected', text:find(case.fixed, 1, true) ~= nil, text)
  local cleared = vim.wait(15000, function() return #published > before and find(published[#published].diagnostics, WILDCARD) == nil end, 20)
  check('after the edit the server drops the PassRole finding', cleared, vim.inspect(published[#published]))
  if cleared then
    local left = {}
    for _, d in ipairs(published[#published].diagnostics) do table.insert(left, d.code) end
    local want = {}
    for _, d in ipairs(case.diagnostics) do
      if d.code ~= WILDCARD then table.insert(want, d.code) end
    end
    check('the other findings stay', vim.inspect(left) == vim.inspect(want), vim.inspect(left))
  end
end)
if not ok then check('the script ran to the end', false, tostring(err)) end
finish()
