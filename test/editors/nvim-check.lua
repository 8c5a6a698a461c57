-- Headless Neovim check of the KMS language server, written for Neovim 0.7 (also runs on newer).
--
--   KMS_SERVER=/abs/dist/server.js nvim --headless --clean -n app.log -c 'luafile test/editors/nvim-check.lua'
--
-- Starts the server with vim.lsp.start_client, attaches it to the current buffer (or to $KMS_LOG),
-- waits for diagnostics from source 'kms', asks for a hover at the first one, and prints
--   DIAG <code> <line> <character>     (zero-based LSP positions, one line per diagnostic)
--   HOVER ok | HOVER fail <why>
--   RESULT ok | RESULT fail <why>
-- on stdout, then exits 0 on success and 1 otherwise.

local TIMEOUT_MS = tonumber(os.getenv('KMS_TIMEOUT_MS') or '') or 30000

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function check()
  local server = os.getenv('KMS_SERVER')
  if not server or server == '' then
    return false, 'KMS_SERVER is not set'
  end
  local log = os.getenv('KMS_LOG')
  if log and log ~= '' and vim.api.nvim_buf_get_name(0) == '' then
    vim.cmd('edit ' .. vim.fn.fnameescape(log))
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' then
    return false, 'no file in the current buffer'
  end

  local client_id = vim.lsp.start_client({
    name = 'kms',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(path, ':p:h'),
  })
  if not client_id then
    return false, 'vim.lsp.start_client failed'
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local function kms_diagnostics()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == 'kms' then
        table.insert(found, d)
      end
    end
    return found
  end

  local diagnostics = {}
  vim.wait(TIMEOUT_MS, function()
    diagnostics = kms_diagnostics()
    return #diagnostics > 0
  end, 50)
  if #diagnostics == 0 then
    return false, 'no diagnostics from source kms within ' .. TIMEOUT_MS .. ' ms', client_id
  end

  for _, d in ipairs(diagnostics) do
    -- Neovim 0.7 keeps the LSP code only in user_data.lsp; 0.8+ also copies it to d.code.
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
    -- d.col is a byte column: equal to the UTF-16 character for the ASCII test line.
    out(string.format('DIAG %s %d %d', tostring(code), d.lnum, d.col))
  end

  local first = diagnostics[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = first.lnum, character = first.col + 1 },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, TIMEOUT_MS)
  local hover_ok = false
  local why = err or 'no response'
  for _, response in pairs(responses or {}) do
    local contents = response.result and response.result.contents
    local value = type(contents) == 'table' and contents.value or contents
    if type(value) == 'string' and value:find('KeyNotFound', 1, true) then
      hover_ok = true
    elseif response.error then
      why = vim.inspect(response.error)
    else
      why = 'unexpected hover ' .. vim.inspect(response.result)
    end
  end
  if hover_ok then
    out('HOVER ok')
  else
    out('HOVER fail ' .. tostring(why):gsub('\n', ' '))
    return false, 'hover failed', client_id
  end
  return true, nil, client_id
end

local ok, result, why, client_id = pcall(check)
if not ok then
  why = 'error: ' .. tostring(result)
  result = false
end
out(result and 'RESULT ok' or ('RESULT fail ' .. tostring(why)))

-- Shut the server down politely so no process outlives the editor.
if client_id then
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 50)
end
vim.cmd(result and 'qall!' or 'cquit! 1')
