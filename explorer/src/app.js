// The graph explorer. It only speaks the HTTP API (/api/...), so it works over every store and under both hosts
// (kg serve and the Functions app both answer at /api). It asks for neighbourhoods, never for the whole graph.

const API = '/api';
const NEIGHBOUR_LIMIT = 50;
const EVIDENCE_RELATIONSHIPS = 6;
const EVIDENCE_SENTENCES = 3;

const $ = (id) => document.getElementById(id);

/** Replaces a container's children, skipping the nulls that optional parts leave. */
function fill(target, ...children) {
  target.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** Elements built with textContent only: API text never becomes markup. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function api(path) {
  const response = await fetch(API + path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail ?? detail;
    } catch {
      // Not a problem document: keep the status text.
    }
    throw new ApiError(response.status, detail);
  }
  return response.json();
}

const enc = encodeURIComponent;

/** Where a document or node id can be read at its source: DOI, PubMed or ClinicalTrials.gov. */
export function sourceLink(id) {
  let m = /^paper:pmid:(\d+)$/i.exec(id);
  if (m) return { href: `https://pubmed.ncbi.nlm.nih.gov/${m[1]}/`, text: `PubMed ${m[1]}` };
  m = /^paper:doi:(.+)$/i.exec(id);
  if (m) return { href: `https://doi.org/${encodeURI(m[1])}`, text: `DOI ${m[1]}` };
  m = /^(?:trial|registry):(NCT\d{8})$/i.exec(id);
  if (m) return { href: `https://clinicaltrials.gov/study/${m[1].toUpperCase()}`, text: `ClinicalTrials.gov ${m[1].toUpperCase()}` };
  return null;
}

/** Links for a node's own identifiers (a paper's DOI and PMID, a trial's registry id). */
function nodeLinks(node) {
  const p = node.properties ?? {};
  const links = [];
  if (p.doi) links.push(sourceLink(`paper:doi:${p.doi}`));
  if (p.pmid) links.push(sourceLink(`paper:pmid:${p.pmid}`));
  if (p.registryId) links.push(sourceLink(`trial:${p.registryId}`));
  if (links.length === 0 && sourceLink(node.id)) links.push(sourceLink(node.id));
  return links.filter(Boolean);
}

function linkTo(link) {
  return el('a', { href: link.href, target: '_blank', rel: 'noopener noreferrer' }, link.text);
}

const state = {
  cy: null,
  nodes: new Map(), // id -> API node (full properties once fetched)
  cellTypes: new Map(), // id -> cell type summary (mechanisms)
  trials: new Map(), // id -> trial summary (mechanisms, phase)
  labelColors: new Map(),
  selected: null,
  comparison: null,
};

function status(message, isError = false) {
  const s = $('status');
  s.textContent = message;
  s.classList.toggle('error', isError);
}

// ---- Graph elements ---------------------------------------------------------------------------------------------

function scalar(value) {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : v));
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

// Cytoscape gives these data fields a meaning of their own (compound parent, edge ends).
const RESERVED = new Set(['parent', 'source', 'target']);

function nodeData(node) {
  const data = {};
  for (const [key, value] of Object.entries(node.properties ?? {})) {
    const v = scalar(value);
    if (v !== undefined) data[RESERVED.has(key) ? `property_${key}` : key] = v;
  }
  return { ...data, id: node.id, label: node.label, name: node.name ?? node.id };
}

function edgeId(r) {
  return `${r.from}|${r.type}|${r.to}`;
}

function edgeData(r) {
  const data = {};
  for (const [key, value] of Object.entries(r.properties ?? {})) {
    const v = scalar(value);
    if (v !== undefined) data[key] = v;
  }
  return {
    ...data,
    id: edgeId(r),
    source: r.from,
    target: r.to,
    type: r.type,
    evidenceCount: r.evidenceCount ?? 0,
    paperCount: r.paperCount ?? 0,
  };
}

/** Fits the view to `eles`, but never closer than 1.5x: a lone node should not fill the screen. */
function fitTo(eles, padding) {
  const cy = state.cy;
  if (eles.empty()) return;
  cy.fit(eles, padding);
  if (cy.zoom() > 1.5) {
    cy.zoom(1.5);
    cy.center(eles);
  }
}

const SPACING = 80;

/** The free spot nearest `near`: rings of growing radius around it, first place no node is within SPACING of. */
function freeSpot(near, taken) {
  const clear = (p) => taken.every((q) => Math.hypot(p.x - q.x, p.y - q.y) >= SPACING);
  if (clear(near)) return near;
  // Bounded search: 30 rings reach far beyond any neighbourhood the page asks for.
  for (let ring = 1; ring <= 30; ring++) {
    const radius = ring * SPACING * 0.9;
    const steps = 8 * ring;
    for (let i = 0; i < steps; i++) {
      const angle = (2 * Math.PI * i) / steps + ring * 0.5;
      const p = { x: near.x + radius * Math.cos(angle), y: near.y + radius * Math.sin(angle) };
      if (clear(p)) return p;
    }
  }
  return { x: near.x + SPACING * 30, y: near.y };
}

/** Adds nodes and relationships not yet in view; new nodes take free spots around `center` (a position). */
function addSubgraph(nodes, relationships, center) {
  const cy = state.cy;
  const fresh = nodes.filter((n) => cy.getElementById(n.id).empty());
  for (const n of nodes) {
    const known = state.nodes.get(n.id);
    if (!known || Object.keys(n.properties ?? {}).length >= Object.keys(known.properties ?? {}).length) state.nodes.set(n.id, n);
  }
  const taken = cy.nodes().map((n) => ({ ...n.position() }));
  const origin = center ?? { x: 0, y: 0 };
  const added = cy.add(
    fresh.map((n) => {
      const position = freeSpot(origin, taken);
      taken.push(position);
      return { group: 'nodes', data: nodeData(n), position };
    }),
  );
  const edges = relationships.filter(
    (r) => cy.getElementById(edgeId(r)).empty() && !cy.getElementById(r.from).empty() && !cy.getElementById(r.to).empty(),
  );
  cy.add(edges.map((r) => ({ group: 'edges', data: edgeData(r) })));
  return added;
}

// ---- Start view: the mechanism split ----------------------------------------------------------------------------

async function showMechanismSplit() {
  const cy = state.cy;
  status('Loading the mechanism split…');
  const comparison = await api('/mechanisms/compare');
  state.comparison = comparison;
  clearPath();
  cy.elements().remove();
  const sides = [
    [comparison.replacement, -1],
    [comparison.immunomodulation, 1],
  ];
  const elements = [];
  // Side by side on a wide screen, one above the other on a tall one (a phone).
  const tall = cy.height() > cy.width() * 1.1;
  const at = (offset, dx, dy) => (tall ? { x: dx, y: offset + dy } : { x: offset + dx, y: dy });
  for (const [side, direction] of sides) {
    const offset = direction * 120;
    // Each side fans out away from the other: cell types on an inner arc, their trials on an outer one.
    const outward = tall ? (direction * Math.PI) / 2 : direction > 0 ? 0 : Math.PI;
    const spread = Math.min(Math.PI * 1.15, side.cellTypes.length * 0.7);
    elements.push({ group: 'nodes', data: { id: side.mechanism, label: 'Mechanism', name: side.name }, position: at(offset, 0, 0) });
    const angles = new Map();
    side.cellTypes.forEach((c, i) => {
      const angle = outward + spread * ((i + 0.5) / Math.max(side.cellTypes.length, 1) - 0.5);
      angles.set(c.id, angle);
      if (!elements.some((e) => e.data.id === c.id))
        elements.push({
          group: 'nodes',
          data: { id: c.id, label: 'CellType', name: c.name },
          position: at(offset, 140 * Math.cos(angle), 140 * Math.sin(angle)),
        });
      elements.push({ group: 'edges', data: { id: `${c.id}|ACTS_VIA|${side.mechanism}`, source: c.id, target: side.mechanism, type: 'ACTS_VIA' } });
    });
    side.trials.forEach((t) => {
      const own = t.cellTypes.filter((c) => angles.has(c));
      const angle = own.length ? own.reduce((sum, c) => sum + angles.get(c), 0) / own.length : outward;
      const taken = elements.filter((e) => e.position).map((e) => e.position);
      if (!elements.some((e) => e.data.id === t.id))
        elements.push({
          group: 'nodes',
          data: { id: t.id, label: 'Trial', name: t.name, phase: t.phase ?? undefined, status: t.status ?? undefined },
          // Two trials of one cell type would land on one spot: the second takes the nearest free one.
          position: freeSpot(at(offset, 250 * Math.cos(angle), 250 * Math.sin(angle)), taken),
        });
      for (const c of own)
        elements.push({ group: 'edges', data: { id: `${t.id}|TESTS|${c}`, source: t.id, target: c, type: 'TESTS' } });
    });
  }
  cy.add(elements.filter((e, i, all) => all.findIndex((o) => o.data.id === e.data.id) === i));
  for (const t of [...comparison.replacement.trials, ...comparison.immunomodulation.trials]) state.trials.set(t.id, t);
  await describeTrials();
  fitTo(cy.elements(), 30);
  renderComparison(comparison);
  status(`Mechanism split: ${comparison.replacement.cellTypes.length} + ${comparison.immunomodulation.cellTypes.length} cell types, ` +
    `${comparison.replacement.trialCount} + ${comparison.immunomodulation.trialCount} trials. Search or pick a node to explore.`);
}

function renderComparison(comparison) {
  state.selected = null;
  $('details-title').textContent = 'Mechanism split';
  const column = (side) =>
    el('section', { 'data-mechanism': side.mechanism },
      el('h3', {}, side.name),
      el('p', { class: 'muted' }, `${side.cellTypes.length} cell types · ${side.trialCount} trials`),
      el('ul', {}, side.cellTypes.map((c) => el('li', {}, c.name))),
      Object.keys(side.trialsByPhase).length
        ? el('p', { class: 'muted' }, 'Trials by phase: ' + Object.entries(side.trialsByPhase).map(([p, n]) => `${p} ${n}`).join(', '))
        : null,
      side.outcomes.length
        ? el('p', { class: 'muted' }, 'Outcomes: ' + side.outcomes.slice(0, 4).map((o) => `${o.name} (${o.evidenceCount})`).join('; '))
        : null);
  fill($('details-body'),
    el('p', {}, 'Beta-cell replacement against immunomodulation: the cell types acting via each and the trials testing them.'),
    el('div', { class: 'split' }, column(comparison.replacement), column(comparison.immunomodulation)));
}

// ---- Node details -----------------------------------------------------------------------------------------------

async function openNode(id, { focusDetails = false } = {}) {
  status(`Opening ${id}…`);
  const node = await api(`/nodes/${enc(id)}`);
  state.nodes.set(node.id, node);
  const cy = state.cy;
  if (cy.getElementById(node.id).empty()) {
    const extent = cy.extent();
    addSubgraph([node], [], { x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 });
  } else {
    cy.getElementById(node.id).data(nodeData(node));
  }
  await describeTrials();
  // The node asked for is shown even when a filter would hide it.
  const element = cy.getElementById(node.id);
  element.removeClass('filtered');
  cy.elements().unselect();
  element.select();
  cy.center(element);
  state.selected = node.id;
  renderNode(node);
  refreshNodeList();
  if (focusDetails) $('details').focus();
  status(`${node.name} (${node.label})`);
  await renderEvidence(node);
}

// Kept for the trial card (/api/trials/{id}), which shows them with their sources; as raw JSON they only clutter the panel.
const CARD_PROPERTIES = new Set(['registryRecord', 'statedFacts']);

function propertyRows(node) {
  const rows = [['id', node.id], ['label', node.label], ['name', node.name]];
  for (const [key, value] of Object.entries(node.properties ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (value === null || value === undefined || key === 'name' || CARD_PROPERTIES.has(key)) continue;
    let text = Array.isArray(value) ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : v)).join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (text.length > 400) text = text.slice(0, 400) + '…';
    rows.push([key, text]);
  }
  return rows;
}

function renderNode(node) {
  $('details-title').textContent = node.name;
  const links = nodeLinks(node);
  fill($('details-body'),
    el('p', {}, el('span', { class: 'tag', style: null, 'data-label': node.label }, node.label), ' ', el('code', {}, node.id)),
    el('div', { class: 'row' },
      el('button', { type: 'button', id: 'expand', onclick: () => run(() => expand(node.id)) }, 'Expand neighbours'),
      el('button', { type: 'button', id: 'path-start', onclick: () => setPathEnd('path-from', node) }, 'Path from here'),
      el('button', { type: 'button', id: 'path-end', onclick: () => setPathEnd('path-to', node) }, 'Path to here')),
    links.length ? el('p', { class: 'links' }, 'Source: ', links.flatMap((l, i) => (i ? [' · ', linkTo(l)] : [linkTo(l)]))) : null,
    el('h3', {}, 'Properties'),
    el('dl', { class: 'props' }, propertyRows(node).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    el('h3', {}, 'Evidence'),
    el('div', { id: 'evidence' }, el('p', { class: 'muted' }, 'Loading evidence…')));
  colorTags($('details-body'));
}

function colorTags(root) {
  for (const tag of root.querySelectorAll('.tag[data-label]')) tag.style.backgroundColor = state.labelColors.get(tag.dataset.label) ?? '#5b6678';
}

/** The sentences behind this node's strongest relationships, each with a link to the paper or trial it came from. */
async function renderEvidence(node) {
  const neighbourhood = await api(`/nodes/${enc(node.id)}/neighbors?depth=1&limit=${NEIGHBOUR_LIMIT}`);
  const names = new Map(neighbourhood.nodes.map((n) => [n.id, n.name]));
  const relationships = neighbourhood.relationships
    .filter((r) => (r.from === node.id || r.to === node.id) && (r.evidenceCount ?? 0) > 0)
    .sort((a, b) => (a.type === 'MENTIONS') - (b.type === 'MENTIONS') || b.evidenceCount - a.evidenceCount)
    .slice(0, EVIDENCE_RELATIONSHIPS);
  const target = $('evidence');
  if (!target || state.selected !== node.id) return;
  if (relationships.length === 0) {
    fill(target, el('p', { class: 'muted' }, 'No evidence sentences: this node comes from the vocabulary or a registry record.'));
    return;
  }
  const pages = await Promise.all(
    relationships.map((r) => api(`/evidence?from=${enc(r.from)}&type=${enc(r.type)}&to=${enc(r.to)}&limit=${EVIDENCE_SENTENCES}`)));
  if (state.selected !== node.id) return;
  fill(target, 
    ...pages.map((page) => {
      const r = page.relationship;
      return el('section', { class: 'relationship' },
        el('h4', {}, `${names.get(r.from) ?? r.from} ${r.type} ${names.get(r.to) ?? r.to}`,
          el('span', { class: 'muted' }, ` (${r.evidenceCount} sentence${r.evidenceCount === 1 ? '' : 's'}` +
            (r.properties?.polarity ? `, ${r.properties.polarity}: ${findingSummary(r)['papers by polarity']} paper votes` : '') + ')')),
        evidenceList(page.evidence));
    }));
}

function evidenceList(sentences) {
  return el('ul', { class: 'evidence' }, sentences.map((s) => {
    const link = sourceLink(s.documentId);
    return el('li', {},
      el('blockquote', {}, s.text),
      el('div', { class: 'source' },
        link ? linkTo(link) : el('code', {}, s.documentId),
        s.section ? ` · ${s.section}` : '',
        s.polarity ? ` · ${s.polarity}` : '',
        s.value ? ` · ${s.value}` : '',
        s.subject === 'document' ? " · subject: the paper's intervention" : '',
        s.negated ? ' · negated' : '',
        s.speculative ? ' · speculative' : ''));
  }));
}

// A finding's summary: its polarity (from the papers' votes), papers and sentences by polarity class, and its value.
function findingSummary(r) {
  const p = r.properties ?? {};
  if (r.type !== 'REPORTS_OUTCOME' || p.polarity === undefined) return {};
  const classes = (suffix) => ['improved', 'worsened', 'unchanged', 'notAchieved']
    .map((c) => [c === 'notAchieved' ? 'not achieved' : c, p[`${c}${suffix}`] ?? 0])
    .filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(' · ') || 'none';
  return {
    polarity: p.polarity,
    'papers by polarity': classes('Papers'),
    'sentences by polarity': classes('Count'),
    ...(p.value !== undefined ? { value: p.value } : {}),
  };
}

async function openEdge(edge) {
  const d = edge.data();
  await showEvidence(d.source, d.type, d.target, `${edge.source().data('name')} → ${edge.target().data('name')}`);
}

/** The evidence behind one stored relationship, by its key, in the details panel. */
async function showEvidence(from, type, to, caption) {
  state.selected = null;
  $('details-title').textContent = `${type}`;
  fill($('details-body'),
    el('p', {}, caption),
    el('div', { id: 'evidence' }, el('p', { class: 'muted' }, 'Loading evidence…')));
  try {
    const page = await api(`/evidence?from=${enc(from)}&type=${enc(type)}&to=${enc(to)}&limit=10`);
    fill($('evidence'),
      el('dl', { class: 'props' }, Object.entries({
        ...findingSummary(page.relationship),
        evidence: page.relationship.evidenceCount, papers: page.relationship.paperCount, agent: page.relationship.agentType,
        sources: (page.relationship.primarySources ?? []).join(', '),
      }).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v ?? ''))])),
      page.evidence.length ? evidenceList(page.evidence) : el('p', { class: 'muted' }, 'No evidence sentences for this relationship.'));
  } catch (error) {
    fill($('evidence'),el('p', { class: 'muted' }, error.message));
  }
}

// ---- Expand, path, filters --------------------------------------------------------------------------------------

async function expand(id) {
  const cy = state.cy;
  status(`Expanding ${id}…`);
  const graph = await api(`/nodes/${enc(id)}/neighbors?depth=1&limit=${NEIGHBOUR_LIMIT}`);
  const center = cy.getElementById(id).position();
  const added = addSubgraph(graph.nodes, graph.relationships, center);
  await describeTrials();
  fitTo(cy.getElementById(id).closedNeighborhood().filter((e) => !e.hasClass('filtered')), 40);
  status(`Added ${added.length} neighbour${added.length === 1 ? '' : 's'} of ${state.nodes.get(id)?.name ?? id}` +
    (graph.nodes.length > NEIGHBOUR_LIMIT - 1 ? ` (first ${NEIGHBOUR_LIMIT})` : '') + '.');
}

function setPathEnd(inputId, node) {
  $(inputId).value = node.id;
  status(`${inputId === 'path-from' ? 'Path starts' : 'Path ends'} at ${node.name}.`);
}

function clearPath() {
  state.cy?.elements().removeClass('path faded');
  $('path-result').textContent = '';
}

async function findPath() {
  const cy = state.cy;
  const from = $('path-from').value.trim();
  const to = $('path-to').value.trim();
  const hops = $('path-hops').value;
  clearPath();
  try {
    const path = await api(`/paths?from=${enc(from)}&to=${enc(to)}&maxHops=${enc(hops)}`);
    const center = cy.getElementById(from).nonempty() ? cy.getElementById(from).position() : undefined;
    addSubgraph(path.nodes, path.relationships, center);
    await describeTrials();
    const onPath = cy.collection();
    for (const n of path.nodes) onPath.merge(cy.getElementById(n.id));
    for (const r of path.relationships) onPath.merge(cy.getElementById(edgeId(r)));
    onPath.removeClass('filtered');
    cy.elements().not(onPath).addClass('faded');
    onPath.addClass('path');
    applyFilters();
    fitTo(onPath, 60);
    fill($('path-result'),
      el('strong', {}, `${path.length} hop${path.length === 1 ? '' : 's'}: `),
      path.nodes.map((n) => n.name).join(' → '));
    status(`Path of ${path.length} hops highlighted.`);
  } catch (error) {
    $('path-result').textContent = error.message;
    status(error.message, true);
  }
}

function mechanismsOf(node) {
  const id = node.id();
  if (node.data('label') === 'Mechanism') return [id];
  return state.cellTypes.get(id)?.mechanisms ?? state.trials.get(id)?.mechanisms ?? null;
}

/**
 * The phases a registry or paper names, as the API's TrialFacets reads them: "PHASE1/PHASE2", "Phase 1/Phase 2" and
 * "phase I-II" all hold 1 and 2, so the phase filter matches the trials /api/trials?phase= returns.
 */
export function phasesOf(text) {
  const set = new Set();
  if (!text) return set;
  const s = String(text).toUpperCase().replaceAll('PHASE', ' ');
  if (s.includes('EARLY')) set.add('EARLY1');
  if (s.includes('N/A') || ['NA', 'NOT APPLICABLE'].includes(s.trim())) set.add('NA');
  for (const token of s.split(/[\s/,|_-]+/).filter(Boolean)) {
    const t = token.replace(/^0+/, '');
    const n = { I: '1', II: '2', III: '3', IV: '4' }[t] ?? t;
    if (['1', '2', '3', '4'].includes(n) && !(set.has('EARLY1') && n === '1')) set.add(n);
  }
  return set;
}

function phaseMatches(trialPhase, wanted) {
  const want = phasesOf(wanted);
  if (want.size === 0) return trialPhase === wanted;
  const have = phasesOf(trialPhase);
  return [...want].every((p) => have.has(p));
}

function phaseOf(node) {
  const trial = state.trials.get(node.id());
  return trial ? trial.phase ?? 'unknown' : node.data('phase') ?? 'unknown';
}

function applyFilters() {
  const cy = state.cy;
  const labels = new Set([...document.querySelectorAll('#label-filter input:checked')].map((i) => i.value));
  const allLabels = new Set([...document.querySelectorAll('#label-filter input')].map((i) => i.value));
  const mechanism = $('mechanism-filter').value;
  const phase = $('phase-filter').value;
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      const label = node.data('label');
      let hidden = allLabels.has(label) && !labels.has(label);
      if (!hidden && mechanism && ['Mechanism', 'CellType', 'Trial'].includes(label)) {
        const mechanisms = mechanismsOf(node);
        hidden = mechanisms !== null && !mechanisms.includes(mechanism);
      }
      if (!hidden && phase && label === 'Trial') hidden = !phaseMatches(phaseOf(node), phase);
      node.toggleClass('filtered', hidden);
    });
  });
  refreshNodeList();
}

function refreshNodeList() {
  const cy = state.cy;
  const visible = cy.nodes().filter((n) => !n.hasClass('filtered'));
  $('node-count').textContent = String(visible.length);
  const sorted = visible.toArray().sort((a, b) => a.data('label').localeCompare(b.data('label')) || a.data('name').localeCompare(b.data('name')));
  $('node-list').replaceChildren(...sorted.map((n) =>
    el('li', {}, el('button', {
      type: 'button',
      'data-id': n.id(),
      title: n.data('name'),
      'aria-current': n.id() === state.selected ? 'true' : null,
      onclick: () => run(() => openNode(n.id(), { focusDetails: true })),
    }, el('span', { class: 'tag', 'data-label': n.data('label') }, n.data('label')), el('span', { class: 'name' }, n.data('name'))))));
  colorTags($('node-list'));
}

// ---- Search with suggestions ------------------------------------------------------------------------------------

const search = { items: [], active: -1, timer: 0, seq: 0 };

async function suggest(text) {
  const seq = ++search.seq;
  if (text.trim().length < 1) return closeSuggestions();
  const page = await api(`/nodes?q=${enc(text.trim())}&limit=8`);
  if (seq !== search.seq) return;
  search.items = page.items;
  search.active = page.items.length ? 0 : -1;
  renderSuggestions();
}

function renderSuggestions() {
  const list = $('suggestions');
  const input = $('search');
  if (search.items.length === 0) {
    list.replaceChildren(el('li', { role: 'option', 'aria-disabled': 'true', id: 'suggestion-none' }, 'No matching nodes'));
  } else {
    list.replaceChildren(...search.items.map((n, i) => el('li', {
      role: 'option',
      id: `suggestion-${i}`,
      'data-id': n.id,
      'aria-selected': i === search.active ? 'true' : 'false',
      onmousedown: (e) => e.preventDefault(),
      onclick: () => pickSuggestion(i),
    }, el('span', {}, n.name), el('span', { class: 'tag', 'data-label': n.label }, n.label))));
    colorTags(list);
  }
  list.hidden = false;
  input.setAttribute('aria-expanded', 'true');
  if (search.active >= 0) input.setAttribute('aria-activedescendant', `suggestion-${search.active}`);
  else input.removeAttribute('aria-activedescendant');
}

function closeSuggestions() {
  search.items = [];
  search.active = -1;
  $('suggestions').hidden = true;
  $('search').setAttribute('aria-expanded', 'false');
  $('search').removeAttribute('aria-activedescendant');
}

function pickSuggestion(index) {
  const node = search.items[index];
  if (!node) return;
  closeSuggestions();
  $('search').value = node.name;
  run(() => openNode(node.id, { focusDetails: false }));
}

function wireSearch() {
  const input = $('search');
  input.addEventListener('input', () => {
    clearTimeout(search.timer);
    search.timer = setTimeout(() => run(() => suggest(input.value)), 150);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (search.items.length === 0) return;
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      search.active = (search.active + step + search.items.length) % search.items.length;
      renderSuggestions();
    } else if (e.key === 'Escape') {
      closeSuggestions();
    }
  });
  input.addEventListener('blur', () => setTimeout(closeSuggestions, 150));
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(async () => {
      if (search.items.length === 0 || search.active < 0) await suggest(input.value);
      if (search.items.length) pickSuggestion(Math.max(search.active, 0));
      else status(`No node matches "${input.value}".`, true);
    });
  });
}

// ---- Export -----------------------------------------------------------------------------------------------------

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function exportPng() {
  const blob = state.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
  download(blob, 'knowledge-graph-view.png');
  status('Exported the view as PNG.');
}

/** The visible view in Cytoscape.js JSON, which Cytoscape desktop opens (File > Import > Network from File). */
export function viewAsCytoscapeJson() {
  const cy = state.cy;
  const nodes = cy.nodes().filter((n) => !n.hasClass('filtered'));
  const edges = cy.edges().filter((e) => !e.source().hasClass('filtered') && !e.target().hasClass('filtered'));
  return {
    format_version: '1.0',
    generated_by: 'KnowledgeGraph explorer',
    target_cytoscapejs_version: '~3.34',
    data: { name: 'Knowledge graph view', shared_name: 'Knowledge graph view' },
    elements: {
      nodes: nodes.map((n) => ({ data: { ...n.data(), shared_name: n.data('name') }, position: { ...n.position() } })),
      edges: edges.map((e) => ({ data: { ...e.data(), interaction: e.data('type'), shared_interaction: e.data('type') } })),
    },
  };
}

function exportJson() {
  const json = JSON.stringify(viewAsCytoscapeJson(), null, 2);
  download(new Blob([json], { type: 'application/json' }), 'knowledge-graph-view.cyjs');
  status('Exported the view as Cytoscape JSON.');
}

// ---- Evidence table ---------------------------------------------------------------------------------------------

// The table follows the selection: a selected trial, mechanism, cell type, product, outcome or protection narrows it.
const TABLE_FILTER_BY_LABEL = { Trial: 'trial', Mechanism: 'mechanism', CellType: 'cellType', Product: 'product', Outcome: 'outcome', Protection: 'protection' };
const TABLE_PAGE = 100;
const table = { query: '', cursor: null };

/** The evidence-table query for the current selection and filters, and words for it. */
export function tableScope() {
  const params = new URLSearchParams();
  const words = [];
  const node = state.selected ? state.nodes.get(state.selected) : null;
  const key = node ? TABLE_FILTER_BY_LABEL[node.label] : undefined;
  if (key) {
    params.set(key, node.id);
    words.push(`${node.label.toLowerCase()} ${node.name}`);
  }
  const mechanism = $('mechanism-filter').value;
  if (mechanism && !params.has('mechanism')) {
    params.set('mechanism', mechanism);
    words.push(`mechanism ${$('mechanism-filter').selectedOptions[0]?.textContent ?? mechanism}`);
  }
  const phase = $('phase-filter').value;
  if (phase && phase !== 'unknown') {
    params.set('phase', phase);
    words.push(`phase ${phase}`);
  }
  return { query: params.toString(), words: words.length ? words.join(', ') : 'all trials' };
}

async function openTable() {
  const scope = tableScope();
  table.query = scope.query;
  table.cursor = null;
  $('table-scope').textContent = `Rows: one per trial and outcome, for ${scope.words}. Each cell opens its evidence on the right.`;
  $('table-csv').href = `${API}/evidence-table?${scope.query}${scope.query ? '&' : ''}format=csv&limit=500`;
  $('evidence-table').tBodies[0].replaceChildren();
  $('table-view').hidden = false;
  $('table-toggle').setAttribute('aria-expanded', 'true');
  await loadTableRows();
  $('table-view').focus();
}

function closeTable() {
  $('table-view').hidden = true;
  $('table-toggle').setAttribute('aria-expanded', 'false');
}

async function loadTableRows() {
  status('Loading the evidence table…');
  const page = await api(`/evidence-table?${table.query}${table.query ? '&' : ''}limit=${TABLE_PAGE}${table.cursor ? `&cursor=${enc(table.cursor)}` : ''}`);
  $('evidence-table').tBodies[0].append(...page.items.map(tableRow));
  table.cursor = page.nextCursor;
  $('table-more').hidden = !page.nextCursor;
  const rows = $('evidence-table').tBodies[0].rows.length;
  status(`Evidence table: ${rows} row${rows === 1 ? '' : 's'}${page.nextCursor ? ' (more trials available)' : ''}.`);
}

function cellButton(text, onclick, title) {
  return el('button', { type: 'button', class: 'cell-link', title, onclick: () => run(onclick) }, text);
}

/** Concepts of one attribute, each opening the evidence of the trial's relationship to it. */
function conceptCell(row, concepts, type) {
  return el('td', {}, el('div', { class: 'cell-list' }, concepts.map((c) =>
    cellButton(c.name, () => (type ? showEvidence(row.trialId, type, c.id, `${row.registryId} ${type} ${c.name}`) : openNode(c.id)), c.id))));
}

function tableRow(row) {
  const stated = [...row.doses, ...row.patients, ...row.followUp];
  const link = sourceLink(row.trialId);
  return el('tr', { 'data-trial': row.trialId, 'data-outcome': row.outcome?.id ?? '' },
    el('th', { scope: 'row' }, el('div', { class: 'cell-list' },
      cellButton(row.registryId, () => showCard(row.trialId), row.title ?? row.registryId),
      link ? linkTo(link) : null)),
    conceptCell(row, row.products, 'USES_PRODUCT'),
    conceptCell(row, row.cellTypes, 'TESTS'),
    conceptCell(row, row.mechanisms, null),
    conceptCell(row, row.cellSources, 'SOURCED_FROM'),
    conceptCell(row, row.deliverySites, 'DELIVERED_VIA'),
    conceptCell(row, row.protections, 'PROTECTED_BY'),
    el('td', {}, row.phase ? cellButton(row.phase, () => showCard(row.trialId, 'phase')) : ''),
    el('td', { class: row.flags.length ? 'flagged' : null, title: row.flags.join(', ') || null },
      row.status ? cellButton(row.status, () => showCard(row.trialId, 'status')) : '', row.flags.length ? el('div', { class: 'muted' }, row.flags.join(', ')) : null),
    el('td', {}, row.enrollment != null ? cellButton(`${row.enrollment}${row.enrollmentType ? ` (${row.enrollmentType})` : ''}`, () => showCard(row.trialId, 'enrollment')) : ''),
    el('td', {}, el('div', { class: 'cell-list' }, stated.map((v) => cellButton(v, () => showCard(row.trialId, 'stated'))))),
    el('td', {}, row.outcome ? cellButton(row.outcome.name, () => openNode(row.outcome.id), row.outcome.id) : ''),
    el('td', { class: 'findings' }, el('div', { class: 'cell-list' }, row.findings.map((f) => {
      const source = sourceLink(f.documentId);
      return el('div', {},
        cellButton(f.value ?? f.text, () => showEvidence(f.evidence.from, f.evidence.type, f.evidence.to, `${row.registryId}: ${f.outcomeName}`),
          `${f.sourceKind}: ${f.documentId}`),
        ' ', source ? linkTo(source) : el('code', {}, f.documentId));
    }))),
    el('td', {}, row.direction ?? ''));
}

/** A fact's value as text: lists joined, dated and counted values as "2021-03-29 ACTUAL", records clipped. */
function factText(value) {
  const text = Array.isArray(value) ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : v)).join(', ')
    : value !== null && typeof value === 'object' ? Object.values(value).filter((v) => v !== null).join(' ') : String(value);
  return text.length > 300 ? text.slice(0, 300) + '…' : text;
}

/** The trial card in the details panel: registry facts with the record field behind each, numbers stated in texts. */
async function showCard(trialId, focus) {
  const card = await api(`/trials/${enc(trialId)}`);
  state.selected = null;
  $('details-title').textContent = `${card.registryId} (trial card)`;
  const factRows = card.facts.flatMap((f) => [
      el('dt', { 'data-fact': f.name, class: f.name === focus ? 'focus' : null }, f.name),
      el('dd', {}, factText(f.value),
      el('div', { class: 'muted' }, `${f.source} · ${f.field ?? ''}`)),
    ]);
  const registry = sourceLink(card.id);
  fill($('details-body'),
    el('p', {}, card.name),
    registry ? el('p', { class: 'links' }, 'Source: ', linkTo(registry)) : null,
    card.flags.length ? el('p', { class: 'status error' }, card.flags.join(', ')) : null,
    el('h3', {}, 'Registry facts'),
    factRows.length ? el('dl', { class: 'props' }, factRows) : el('p', { class: 'muted' }, 'No registry record: this trial is known from papers only.'),
    el('h3', { id: 'stated' }, 'Numbers stated in texts'),
    card.stated.length
      ? el('ul', { class: 'evidence' }, card.stated.map((x) => {
        const link = sourceLink(x.documentId);
        return el('li', { 'data-kind': x.kind },
          el('blockquote', {}, x.sentence),
          el('div', { class: 'source' }, `${x.kind}: ${x.value} · `, link ? linkTo(link) : el('code', {}, x.documentId), ` · ${x.section}`));
      }))
      : el('p', { class: 'muted' }, 'None.'),
    el('h3', {}, 'Papers'),
    el('ul', {}, card.papers.map((p) => el('li', {}, sourceLink(p.id) ? linkTo(sourceLink(p.id)) : p.id, ` (${p.via.join(' + ')})`))));
  if (focus === 'stated') $('stated')?.scrollIntoView();
  status(`Trial card of ${card.registryId}.`);
}

// ---- Start-up ---------------------------------------------------------------------------------------------------

/** Runs an action; failures show in the status line (the page stays usable). */
async function run(action) {
  try {
    await action();
  } catch (error) {
    status(error instanceof ApiError ? `${error.message}` : `Something went wrong: ${error.message}`, true);
  }
}

/** Explorer-only states drawn on top of the style.grass rules (selection, path, filtering). */
const stateStyles = [
  { selector: 'node:selected', style: { 'border-color': '#111111', 'border-width': 6, 'overlay-opacity': 0 } },
  { selector: 'node.path', style: { 'border-color': '#FFC400', 'border-width': 8 } },
  { selector: 'edge.path', style: { 'line-color': '#FFB000', 'target-arrow-color': '#FFB000', width: 6, 'z-index': 10 } },
  { selector: '.faded', style: { opacity: 0.2 } },
  { selector: '.filtered', style: { display: 'none' } },
];

/** Layout of captions and arrows, under the style.grass rules so its colours, sizes and captions win. */
const baseStyles = [
  {
    selector: 'node',
    style: {
      'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'ellipsis', 'text-max-width': '130px',
      'text-outline-width': 2, 'min-zoomed-font-size': 5,
    },
  },
  {
    selector: 'edge',
    style: {
      'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'text-rotation': 'autorotate',
      'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': '1px', 'min-zoomed-font-size': 5,
    },
  },
];

function buildLabelFilter(grass) {
  const fieldset = $('label-filter');
  for (const rule of grass) {
    const m = /^node\[label = "(\w+)"\]$/.exec(rule.selector);
    if (!m) continue;
    state.labelColors.set(m[1], rule.style['background-color']);
    fieldset.append(el('label', {},
      el('input', { type: 'checkbox', value: m[1], checked: true, onchange: applyFilters }),
      el('span', { class: 'swatch', 'data-swatch': m[1] }), m[1]));
  }
  for (const swatch of fieldset.querySelectorAll('[data-swatch]')) swatch.style.backgroundColor = state.labelColors.get(swatch.dataset.swatch);
}

async function allPages(path) {
  const items = [];
  let cursor = null;
  // Bounded: the domain lists are small; a misbehaving cursor cannot loop forever.
  for (let i = 0; i < 20; i++) {
    const page = await api(`${path}${path.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${enc(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** Cell types and mechanisms come from the vocabulary (a few dozen at most), so the page can know them all. */
async function loadFilters() {
  const [cellTypes, mechanisms] = await Promise.all([allPages('/celltypes'), allPages('/nodes?label=Mechanism')]);
  for (const c of cellTypes) state.cellTypes.set(c.id, c);
  $('mechanism-filter').append(...mechanisms.sort((a, b) => a.name.localeCompare(b.name)).map((m) => el('option', { value: m.id }, m.name)));
}

/**
 * Trials are not bounded like the vocabulary: the page learns the phase and mechanisms of the trials in view only,
 * one trial card (/api/trials/{id}) each, and offers the phases it has seen.
 */
async function describeTrials() {
  const missing = state.cy.nodes('[label = "Trial"]').map((n) => n.id()).filter((id) => !state.trials.has(id));
  const cards = await Promise.all(missing.map((id) => api(`/trials/${enc(id)}`)));
  for (const c of cards) {
    state.trials.set(c.id, {
      id: c.id, phase: c.phase, status: c.status,
      cellTypes: c.cellTypes.map((x) => x.id), mechanisms: c.mechanisms.map((x) => x.id),
    });
  }
  const select = $('phase-filter');
  const current = select.value;
  const phases = [...new Set([...state.trials.values()].map((t) => t.phase ?? 'unknown'))].sort();
  select.replaceChildren(el('option', { value: '' }, 'All phases'), ...phases.map((p) => el('option', { value: p }, p)));
  select.value = phases.includes(current) ? current : '';
  applyFilters();
}

async function start() {
  const grass = await api('/explorer/style.json');
  buildLabelFilter(grass);
  state.cy = cytoscape({
    container: $('cy'),
    style: [...baseStyles, ...grass, ...stateStyles],
    elements: [],
    minZoom: 0.1,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
  });
  state.cy.on('tap', 'node', (e) => run(() => openNode(e.target.id())));
  state.cy.on('dbltap', 'node', (e) => run(() => expand(e.target.id())));
  state.cy.on('tap', 'edge', (e) => run(() => openEdge(e.target)));
  wireSearch();
  $('reset').addEventListener('click', () => run(showMechanismSplit));
  $('table-toggle').addEventListener('click', () => run(() => ($('table-view').hidden ? openTable() : Promise.resolve(closeTable()))));
  $('table-close').addEventListener('click', closeTable);
  $('table-more').addEventListener('click', () => run(loadTableRows));
  $('path-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(findPath);
  });
  $('path-clear').addEventListener('click', clearPath);
  $('export-png').addEventListener('click', () => run(async () => exportPng()));
  $('export-json').addEventListener('click', () => run(async () => exportJson()));
  for (const id of ['mechanism-filter', 'phase-filter']) $(id).addEventListener('change', applyFilters);
  await loadFilters();
  await showMechanismSplit();
  document.body.dataset.ready = 'true';
}

// Tests and the console reach the live graph through this handle.
window.kgExplorer = { get cy() { return state.cy; }, viewAsCytoscapeJson };

// cytoscape.min.js is a deferred classic script: it has run before this module (modules are deferred too, in order).
run(start);
