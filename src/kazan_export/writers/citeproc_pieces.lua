-- kazan-export's pandoc filter for `cite` (kazan_export.writers.citeproc_pandoc runs it):
-- reads the documents from standard input, runs citeproc on each and prints their pieces
-- as one JSON line. Read by pandoc as it is; no Python formats it.
local function warm_up(folder)  -- builds the en-US locale and the collation table, kept for the run
  local doc = pandoc.read("[@a] [@b]", "markdown")
  doc.meta.references = pandoc.List{{id = "a", type = "book", title = "Z"}, {id = "b", type = "book", title = "A"}}
  doc.meta.csl = pandoc.path.join{folder, "warm-up.csl"}
  pandoc.utils.citeproc(doc)
end

-- Sets, on each reference, the variable that says that bibliography sort key i's macro prints
-- something for it (see citeproc_sorting), from a run of the probe style over all of them.
local function mark_printed(d)
  local probe = pandoc.read("---\nnocite: '@*'\n---\n", "markdown")
  probe.meta.bibliography = d.bibliography
  probe.meta.csl = d.probe
  probe = pandoc.utils.citeproc(probe)
  local printed = {}
  pandoc.walk_block(pandoc.Div(probe.blocks), {Div = function(div)
    if div.identifier:sub(1, 4) == "ref-" then
      printed[div.identifier:sub(5)] = pandoc.utils.stringify(div)
    end
  end})
  local file = io.open(d.bibliography)
  local refs = pandoc.json.decode(file:read("a"), false)
  file:close()
  for _, ref in ipairs(refs) do
    local text = printed[ref.id] or ""
    for n = 0, d.keys - 1 do
      if text:find(d.mark .. n .. d.mark, 1, true) then ref[d.printed .. n] = "0" end
    end
  end
  file = io.open(d.bibliography, "w")
  file:write(pandoc.json.encode(refs))
  file:close()
end

function Pandoc(_)
  if pandoc.json == nil or pandoc.utils.citeproc == nil then  -- before pandoc 3.1.1: one line saying so
    io.stdout:write('{"too_old": "', tostring(PANDOC_VERSION), '"}\n')
    io.stdout:flush()
    return pandoc.Pandoc({})
  end
  local folder = pandoc.path.directory(PANDOC_SCRIPT_FILE)
  pcall(warm_up, folder)  -- only a head start: a failure here shows (if real) on the documents
  local docs = pandoc.json.decode(io.read("a"), false)
  local opts = {wrap_text = "wrap-none"}
  local results = {}
  for _, d in ipairs(docs) do
    if d.probe then mark_printed(d) end
    local doc = pandoc.read(io.open(d.markdown):read("a"), "markdown")
    doc.meta.bibliography = d.bibliography
    doc.meta.csl = d.csl
    doc = pandoc.utils.citeproc(doc)
    local function render(inlines)  -- the text only: no citation spans around it
      local piece = pandoc.Pandoc{pandoc.Plain(inlines)}:walk{Cite = function(c) return c.content end,
        Span = function(s) if s.classes:includes("nocase") then return s.content end end}  -- marks, not text
      return pandoc.write(piece, d.format, opts)
    end
    local pieces, refs = {}, {}
    for _, block in ipairs(doc.blocks) do
      if block.t == "Para" then
        local note = nil
        pandoc.walk_block(block, {Note = function(n) if note == nil then note = n end end})
        table.insert(pieces, render(note and pandoc.utils.blocks_to_inlines(note.content) or block.content))
      end
    end
    pandoc.walk_block(pandoc.Div(doc.blocks), {Div = function(div)
      if div.identifier:sub(1, 4) == "ref-" then
        table.insert(refs, {div.identifier:sub(5), render(pandoc.utils.blocks_to_inlines(div.content))})
      end
    end})
    table.insert(results, {pieces = pieces, refs = refs})
  end
  io.stdout:write(pandoc.json.encode(results), "\n")  -- one line (JSON escapes newlines); pandoc's own
  io.stdout:flush()                                    -- output goes to --output, not here
  return pandoc.Pandoc({})
end
