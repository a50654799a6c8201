-- Neovim (0.7+) as a second LSP client of the IAM Role Lens server over stdio. Run by run.mjs as
--   nvim --headless -u NONE -i NONE -n -c 'luafile lsp.lua' FILE
-- with IAM_SERVER=bin/iam-role-lens-server.js, IAM_ROOT the workspace folder and IAM_CASE naming what FILE
-- is (a case below: a file of test/e2e/workspace). Prints "ok - CASE: ..." / "not ok - CASE: ..." lines
-- and a summary, and quits with exit code 1 when a check failed. Every wait is bounded (vim.wait).
local WILDCARD = 'passrole-wildcard-resource'
local ROW = '| Answers | Who may **hand** this role to a service? | Who may **become** this role? |'

-- Positions are 0-based LSP positions (line, UTF-16 character). A diagnostic is found by its code, and by
-- its range and a part of its message when given; `related`: its related locations (file name, range).
local MISMATCH = 'passrole-trust-mismatch'
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
  terraform = { -- terraform/deployer.tf: PassRole on "*" in a policy document; a Lambda role that trusts Step Functions
    filetype = 'terraform',
    diagnostics = {
      { code = 'handoff-trust-mismatch', where = 'line 10, the trusted "states.amazonaws.com" (info)', range = { 9, 30, 9, 52 }, severity = 3 },
      { code = 'trust-service-confused-deputy', where = 'line 10, "states.amazonaws.com"', range = { 9, 30, 9, 52 } },
      { code = 'handoff-trust-mismatch', where = 'line 18, aws_iam_role.orders.arn handed to Lambda (error)', range = { 17, 18, 17, 41 }, severity = 1 },
      { code = WILDCARD, where = 'line 34, the "*" of the PassRole statement', range = { 33, 17, 33, 20 } },
    },
    hover = { line = 32, character = 22 }, -- actions = ["iam:PassRole"]
    preferred = 'Add iam:PassedToService condition: lambda.amazonaws.com',
    fixed = '    actions   = ["iam:PassRole"]\n    resources = ["*"]\n\n    condition {\n      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]\n    }\n  }\n}',
  },
  roles_policy = { -- roles/policies/deploy.json: passes BuildRole to CodeBuild; roles/BuildRole-trust-policy.json trusts Glue
    filetype = 'json',
    diagnostics = {
      { code = MISMATCH, where = 'line 15, "codebuild.amazonaws.com"', range = { 14, 62, 14, 87 }, severity = 2,
        message = 'may be passed to `codebuild.amazonaws.com`, but its trust policy trusts `glue.amazonaws.com`',
        related = { { file = 'BuildRole-trust-policy.json', range = { 5, 32, 5, 52 } } } },
    },
    elsewhere = {
      code = MISMATCH,
      title = 'Trust codebuild.amazonaws.com in the trust policy of BuildRole (BuildRole-trust-policy.json)',
      file = 'BuildRole-trust-policy.json',
      fixed = '"Principal": { "Service": ["glue.amazonaws.com", "codebuild.amazonaws.com"] }',
    },
  },
  roles_trust = { -- roles/BuildRole-trust-policy.json, with roles/policies/deploy.json in the workspace
    filetype = 'json',
    diagnostics = {
      { code = MISMATCH, where = 'line 6, "glue.amazonaws.com": passed to CodeBuild by deploy.json (info)', range = { 5, 32, 5, 52 }, severity = 3,
        message = 'may be passed to `codebuild.amazonaws.com` by `iam:PassRole` (deploy.json), which this trust policy does not trust',
        related = { { file = 'deploy.json', range = { 13, 18, 13, 60 } } } },
      { code = MISMATCH, where = 'line 6, "glue.amazonaws.com": trusted, never passed there (info)', range = { 5, 32, 5, 52 }, severity = 3,
        message = 'trusts `glue.amazonaws.com`, but no PassRole grant on it',
        related = { { file = 'deploy.json', range = { 13, 18, 13, 60 } } } },
      { code = 'trust-service-confused-deputy', where = 'line 6, "glue.amazonaws.com"', range = { 5, 32, 5, 52 } },
    },
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
local function range_is(r, want)
  return r.start.line == want[1] and r.start.character == want[2] and r['end'].line == want[3] and r['end'].character == want[4]
end
-- The first diagnostic with `want`'s code (a string, or a table: code, and range, severity, message when given).
local function find(diags, want)
  if type(want) == 'string' then want = { code = want } end
  for _, d in ipairs(diags or {}) do
    if d.code == want.code and (not want.range or range_is(d.range, want.range)) and (not want.severity or d.severity == want.severity)
      and (not want.message or (d.message or ''):find(want.message, 1, true) ~= nil) then
      return d
    end
  end
end
local function has_all(diags)
  for _, want in ipairs(case.diagnostics) do
    if not find(diags, want) then return false end
  end
  return true
end
local function basename(u) return (vim.uri_to_fname(u):gsub('^.*/', '')) end

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
    root_dir = os.getenv('IAM_ROOT') or vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':h'),
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
      d = find(last, want)
      check(want.code .. ' is on ' .. want.where, d ~= nil, vim.inspect(last))
      if d and want.related then
        local got_related = {}
        for _, r in ipairs(d.relatedInformation or {}) do
          table.insert(got_related, { file = basename(r.location.uri), range = { r.location.range.start.line, r.location.range.start.character, r.location.range['end'].line, r.location.range['end'].character } })
        end
        check(want.code .. ' on ' .. want.where .. ' points at the other file', vim.inspect(got_related) == vim.inspect(want.related), vim.inspect(got_related))
      end
    end
  end
  local shown = vim.diagnostic.get(buf)
  local all_ours = #shown == #case.diagnostics
  for _, s in ipairs(shown) do all_ours = all_ours and s.source == 'iam-role-lens' and find(last, s.code) ~= nil end
  check('vim.diagnostic has exactly these, with the rule ids as codes', all_ours, vim.inspect(shown))
  local textDocument = { uri = uri }

  -- A fix of this file's finding that edits another file (a role's trust policy): applied, then the other
  -- buffer attached (so the server reads its new text), and the finding goes.
  if case.elsewhere then
    local e = case.elsewhere
    local d = find(last, e.code)
    if not d then return end
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', { textDocument = textDocument, range = d.range, context = { diagnostics = { d } } }, 5000)
    local action, titles = nil, {}
    for _, a in ipairs(res and res[client_id] and res[client_id].result or {}) do
      table.insert(titles, a.title)
      if a.title == e.title then action = a end
    end
    if not check('the fix "' .. e.title .. '" is offered', action ~= nil and action.edit ~= nil, vim.inspect(titles)) then return end
    local targets = {}
    for _, c in ipairs(action.edit.documentChanges or {}) do table.insert(targets, basename(c.textDocument.uri)) end
    check('it edits ' .. e.file .. ' only', vim.inspect(targets) == vim.inspect({ e.file }), vim.inspect(action.edit))
    local before = #published
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
    local other = -1
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_get_name(b):sub(-#e.file - 1) == '/' .. e.file then other = b end
    end
    if not check('the edit opened ' .. e.file .. ' in a buffer', other ~= -1) then return end
    local text = table.concat(vim.api.nvim_buf_get_lines(other, 0, -1, false), '\n')
    check('the edit changed ' .. e.file .. ' as expected', text:find(e.fixed, 1, true) ~= nil, text)
    check('this file is left as it was', table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') == table.concat(vim.fn.readfile(vim.api.nvim_buf_get_name(buf)), '\n'))
    vim.bo[other].filetype = 'json'
    vim.lsp.buf_attach_client(other, client_id)
    local cleared = vim.wait(15000, function() return #published > before and find(published[#published].diagnostics, e.code) == nil end, 20)
    check('once the server has the edited ' .. e.file .. ', the finding goes', cleared, vim.inspect(published[#published]))
    return
  end
  if not case.preferred then return end
  local diag = find(last, WILDCARD)
  if not diag then return end

  -- Hover on iam:PassRole.
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
