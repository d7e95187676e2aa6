/**
 * Parser for a SCORM package's `imsmanifest.xml`.
 *
 * Turns the manifest text into a typed description of the package (version, organisations,
 * items, resources and the SCOs to launch) and refuses anything an L&D admin would need to fix,
 * with a plain-English message saying what is wrong.
 *
 * Decisions worth knowing:
 * - DOCTYPE and entity declarations are refused before parsing (XXE / billion laughs). Entity
 *   expansion is also switched off in the parser; only the five predefined XML entities and
 *   numeric character references are decoded, by this module.
 * - Elements and attributes are matched by local name, ignoring any namespace prefix and letter
 *   case (SCORM 1.2 writes `adlcp:scormtype`, SCORM 2004 `adlcp:scormType`).
 * - `xml:base` is treated as a folder even without a trailing slash (`content` = `content/`).
 * - A referenced path that would leave the package (`..` above the root, absolute, backslash,
 *   a URL scheme such as `http:`) is refused with a `MISSING_RESOURCE` error naming the resource,
 *   rather than being reported as missing: such a package could never be served safely.
 * - Resource `href` and `files` are decoded (`%20` → space) package-relative file paths, without
 *   query or fragment. SCO `launch` URLs keep the href's query/fragment plus the item's
 *   `parameters`, with each path segment percent-encoded again.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type ScormVersion = '1.2' | '2004-2nd' | '2004-3rd' | '2004-4th';

export interface ManifestItem {
  identifier: string;
  title: string;
  resourceId: string | null;
  parameters: string | null;
  isVisible: boolean;
  /** SCORM 1.2 `adlcp:masteryscore`, 0–100. */
  masteryScore: number | null;
  /** SCORM 2004 `adlcp:completionThreshold` (text, or its `minProgressMeasure`), 0–1. */
  completionThreshold: number | null;
  timeLimitAction: string | null;
  /** 1.2 `adlcp:maxtimeallowed`; 2004 `imsss:limitConditions@attemptAbsoluteDurationLimit`. */
  maxTimeAllowed: string | null;
  prerequisites: string | null;
  dataFromLms: string | null;
  children: ManifestItem[];
}

export interface ManifestResource {
  identifier: string;
  type: string;
  scormType: 'sco' | 'asset' | null;
  /** Resolved against xml:base, relative to the package root, decoded, no query or fragment. */
  href: string | null;
  /** Resolved like `href`. */
  files: string[];
  /** Resource identifiers. */
  dependencies: string[];
  /** Added: `href` as a URL relative to the package root, keeping its query and fragment. */
  launch: string | null;
}

export interface ManifestSco {
  itemIdentifier: string;
  resourceId: string;
  title: string;
  /** Resource href plus item parameters, joined with `?` or `&` as needed. */
  launch: string;
  masteryScore: number | null;
  completionThreshold: number | null;
}

export interface ManifestOrganization {
  identifier: string;
  title: string;
  items: ManifestItem[];
}

export interface ParsedManifest {
  identifier: string;
  version: ScormVersion;
  title: string;
  defaultOrganization: string;
  organizations: ManifestOrganization[];
  resources: ManifestResource[];
  /** Leaf items of the default organisation that reference SCO resources, in manifest order. */
  scos: ManifestSco[];
  hasSequencing: boolean;
}

export type ManifestErrorCode =
  | 'NOT_XML'
  | 'DOCTYPE'
  | 'NOT_A_MANIFEST'
  | 'UNKNOWN_VERSION'
  | 'NO_ORGANIZATION'
  | 'MISSING_IDENTIFIER'
  | 'MISSING_RESOURCE'
  | 'MISSING_LAUNCH'
  | 'NO_SCO';

export class ManifestError extends Error {
  constructor(
    readonly code: ManifestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

// ---------------------------------------------------------------------------------------------
// A small element tree over fast-xml-parser's preserveOrder output.

interface XNode {
  /** Local name, lower-cased. */
  name: string;
  /** Attributes by local name, lower-cased (namespace declarations excluded). */
  attrs: Map<string, string>;
  /** Namespace URIs declared on this element. */
  namespaces: string[];
  children: XNode[];
  text: string;
}

type RawNode = Record<string, unknown>;

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return (i >= 0 ? qname.slice(i + 1) : qname).toLowerCase();
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined XML entities and character references; anything else is left as is. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

function toNode(raw: RawNode): XNode | null {
  const key = Object.keys(raw).find((k) => k !== ':@');
  if (key === undefined || key === '#text') return null;
  const node: XNode = { name: localName(key), attrs: new Map(), namespaces: [], children: [], text: '' };
  const rawAttrs = (raw[':@'] ?? {}) as Record<string, unknown>;
  for (const [qname, value] of Object.entries(rawAttrs)) {
    const v = decodeEntities(String(value));
    if (qname === 'xmlns' || qname.startsWith('xmlns:')) node.namespaces.push(v);
    else node.attrs.set(localName(qname), v);
  }
  const kids = raw[key];
  if (Array.isArray(kids)) {
    for (const kid of kids as RawNode[]) {
      if ('#text' in kid) node.text += decodeEntities(String(kid['#text']));
      else {
        const child = toNode(kid);
        if (child) node.children.push(child);
      }
    }
  }
  node.text = node.text.trim();
  return node;
}

function kids(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

function kid(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

function attr(node: XNode | undefined, name: string): string | null {
  const v = node?.attrs.get(name.toLowerCase());
  return v === undefined ? null : v;
}

/** Non-empty trimmed attribute value, or null. */
function idAttr(node: XNode, name: string): string | null {
  const v = attr(node, name)?.trim();
  return v ? v : null;
}

function kidText(node: XNode, name: string): string | null {
  const k = kid(node, name);
  return k && k.text !== '' ? k.text : null;
}

function walk(node: XNode, visit: (n: XNode) => void): void {
  visit(node);
  for (const c of node.children) walk(c, visit);
}

// ---------------------------------------------------------------------------------------------
// Paths

class UnsafePath extends Error {}

function splitHref(href: string): { path: string; suffix: string } {
  const i = href.search(/[?#]/);
  return i < 0 ? { path: href, suffix: '' } : { path: href.slice(0, i), suffix: href.slice(i) };
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/** Decoded segments of a relative reference; throws UnsafePath for anything that is not one. */
function segmentsOf(ref: string): string[] {
  const decoded = decodePath(ref);
  if (
    decoded.includes('\\') ||
    decoded.includes('\0') ||
    decoded.startsWith('/') ||
    /^[a-z][a-z0-9+.-]*:/i.test(decoded) ||
    /^[a-z][a-z0-9+.-]*:/i.test(ref)
  ) {
    throw new UnsafePath(ref);
  }
  return decoded.split('/');
}

/** Joins base segments and a relative reference, collapsing `.` and `..`; refuses escaping the root. */
function resolveSegments(base: string[], ref: string): string[] {
  const out = [...base];
  for (const seg of segmentsOf(ref)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw new UnsafePath(ref);
      out.pop();
    } else {
      out.push(seg);
    }
  }
  return out;
}

function encodePath(segs: string[]): string {
  return segs.map(encodeURIComponent).join('/');
}

/** Appends item parameters to a launch URL (SCORM CAM: `?` or `&`, before any fragment). */
export function joinLaunch(url: string, parameters: string | null): string {
  let params = (parameters ?? '').trim();
  if (params === '') return url;
  const hashAt = url.indexOf('#');
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : url.slice(hashAt);
  if (params.startsWith('#')) return fragment ? url : url + params;
  while (params.startsWith('?') || params.startsWith('&')) params = params.slice(1);
  if (params === '') return url;
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return base + sep + params + fragment;
}

// ---------------------------------------------------------------------------------------------
// Version

/*
 * schemaversion mapping (compared case-insensitively, whitespace collapsed):
 *   "1.2"                              → 1.2
 *   "CAM 1.3", "2004 2nd Edition"      → 2004-2nd (ADL's 2nd Edition used "CAM 1.3")
 *   "2004 3rd Edition"                 → 2004-3rd
 *   "2004 4th Edition"                 → 2004-4th
 * Missing or unrecognised: inferred from namespace declarations. adlcp_rootv1p2 → 1.2.
 * adlcp_v1p3 / imscp_v1p1 with imsss, adlseq_v1p3 or adlnav_v1p3 → 2004. The 3rd and 4th
 * Editions share these namespaces, so the edition cannot be told from them; we report 4th only
 * if the manifest uses 4th-Edition-only shared data (`adlcp:data`), otherwise default to 3rd.
 */
function detectVersion(root: XNode): ScormVersion {
  const metadata = kid(root, 'metadata');
  const sv = (metadata ? (kidText(metadata, 'schemaversion') ?? '') : '').replace(/\s+/g, ' ').toLowerCase();
  if (sv === '1.2') return '1.2';
  if (sv === 'cam 1.3' || sv === '2004 2nd edition') return '2004-2nd';
  if (sv === '2004 3rd edition') return '2004-3rd';
  if (sv === '2004 4th edition') return '2004-4th';

  const ns = new Set<string>();
  let sharedData = false;
  walk(root, (n) => {
    n.namespaces.forEach((u) => ns.add(u.trim().toLowerCase()));
    if (n.name === 'data' && n.children.some((c) => c.name === 'map')) sharedData = true;
  });
  const has = (fragment: string): boolean => [...ns].some((u) => u.includes(fragment));
  if (has('adlcp_rootv1p2')) return '1.2';
  if (
    has('adlcp_v1p3') ||
    has('adlseq_v1p3') ||
    has('adlnav_v1p3') ||
    has('imsglobal.org/xsd/imsss') ||
    (has('imscp_v1p1') && sv.startsWith('2004'))
  ) {
    return sharedData ? '2004-4th' : '2004-3rd';
  }
  throw new ManifestError(
    'UNKNOWN_VERSION',
    sv
      ? `The manifest says its SCORM version is "${sv}", which is not a version this system recognises. Supported versions are SCORM 1.2 and SCORM 2004 (2nd, 3rd and 4th Editions).`
      : 'The manifest does not say which SCORM version it uses, and it could not be worked out from the file. Re-export the course as SCORM 1.2 or SCORM 2004.',
  );
}

// ---------------------------------------------------------------------------------------------
// Numbers

function parseNumber(s: string | null, min: number, max: number): number | null {
  if (s === null) return null;
  const t = s.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

// ---------------------------------------------------------------------------------------------
// Parsing

function missingId(what: string, where: string): ManifestError {
  return new ManifestError(
    'MISSING_IDENTIFIER',
    `The manifest has ${what} without an identifier${where}. Every ${what.replace(/^an? /, '')} needs an "identifier" attribute; re-export the package from the authoring tool.`,
  );
}

function parseItem(node: XNode, orgId: string): ManifestItem {
  const identifier = idAttr(node, 'identifier');
  const title = kidText(node, 'title') ?? '';
  if (!identifier) {
    throw missingId(
      'an item',
      title ? ` ("${title}") in organisation "${orgId}"` : ` in organisation "${orgId}"`,
    );
  }
  const threshold = kid(node, 'completionthreshold');
  const limit = kid(kid(node, 'sequencing'), 'limitconditions');
  const visible = attr(node, 'isvisible')?.trim().toLowerCase();
  return {
    identifier,
    title,
    resourceId: idAttr(node, 'identifierref'),
    parameters: attr(node, 'parameters'),
    isVisible: visible !== 'false' && visible !== '0',
    masteryScore: parseNumber(kidText(node, 'masteryscore'), 0, 100),
    completionThreshold: threshold
      ? parseNumber(attr(threshold, 'minprogressmeasure') ?? (threshold.text || null), 0, 1)
      : null,
    timeLimitAction: kidText(node, 'timelimitaction'),
    maxTimeAllowed: kidText(node, 'maxtimeallowed') ?? attr(limit, 'attemptabsolutedurationlimit'),
    prerequisites: kidText(node, 'prerequisites'),
    dataFromLms: kidText(node, 'datafromlms'),
    children: kids(node, 'item').map((c) => parseItem(c, orgId)),
  };
}

interface ResourceInternal {
  resource: ManifestResource;
  launchUrl: string | null;
}

function parseResource(node: XNode, baseSegs: string[]): ResourceInternal {
  const identifier = idAttr(node, 'identifier');
  if (!identifier) {
    const href = attr(node, 'href');
    throw missingId('a resource', href ? ` (the one pointing to "${href}")` : '');
  }
  const unsafe = (ref: string): ManifestError =>
    new ManifestError(
      'MISSING_RESOURCE',
      `Resource "${identifier}" refers to "${ref}", which points outside the package (or to a web address or absolute path). All content must be inside the package.`,
    );
  try {
    const ownBase = attr(node, 'base');
    const base = ownBase ? resolveSegments(baseSegs, ownBase) : baseSegs;
    const rawHref = attr(node, 'href')?.trim() || null;
    let href: string | null = null;
    let launchUrl: string | null = null;
    if (rawHref) {
      const { path, suffix } = splitHref(rawHref);
      try {
        const segs = resolveSegments(base, path);
        href = segs.join('/');
        launchUrl = encodePath(segs) + suffix;
      } catch (e) {
        if (e instanceof UnsafePath) throw unsafe(rawHref);
        throw e;
      }
    }
    const files: string[] = [];
    for (const f of kids(node, 'file')) {
      const fhref = attr(f, 'href')?.trim();
      if (!fhref) continue;
      try {
        files.push(resolveSegments(base, splitHref(fhref).path).join('/'));
      } catch (e) {
        if (e instanceof UnsafePath) throw unsafe(fhref);
        throw e;
      }
    }
    const st = attr(node, 'scormtype')?.trim().toLowerCase();
    return {
      resource: {
        identifier,
        type: attr(node, 'type') ?? '',
        scormType: st === 'sco' || st === 'asset' ? st : null,
        href,
        files,
        dependencies: kids(node, 'dependency')
          .map((d) => idAttr(d, 'identifierref'))
          .filter((d): d is string => d !== null),
        launch: launchUrl,
      },
      launchUrl,
    };
  } catch (e) {
    if (e instanceof UnsafePath) throw unsafe(attr(node, 'base') ?? '');
    throw e;
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function parseXml(xml: string): XNode {
  const text = xml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new ManifestError(
      'DOCTYPE',
      'The manifest contains a DOCTYPE or entity declaration, which is not allowed for security reasons. Remove the <!DOCTYPE …> line from imsmanifest.xml (SCORM does not need it) and upload the package again.',
    );
  }
  if (text.trim() === '') {
    throw new ManifestError('NOT_XML', 'The imsmanifest.xml file is empty.');
  }
  const result = XMLValidator.validate(text);
  if (result !== true) {
    const where = result.err.line ? ` on line ${result.err.line}` : '';
    throw new ManifestError(
      'NOT_XML',
      `The imsmanifest.xml file is not valid XML${where}: ${result.err.msg} Fix the file or re-export the package from the authoring tool.`,
    );
  }
  const raw = parser.parse(text) as RawNode[];
  for (const r of raw) {
    const node = toNode(r);
    if (node) return node;
  }
  throw new ManifestError('NOT_A_MANIFEST', 'The imsmanifest.xml file has no <manifest> element.');
}

export function parseManifest(xml: string): ParsedManifest {
  const root = parseXml(xml);
  if (root.name !== 'manifest') {
    throw new ManifestError(
      'NOT_A_MANIFEST',
      `The imsmanifest.xml file starts with <${root.name}> instead of <manifest>, so it is not a SCORM manifest.`,
    );
  }
  const identifier = idAttr(root, 'identifier');
  if (!identifier) throw missingId('a manifest', ' (the <manifest> element)');
  const version = detectVersion(root);

  // Organisations
  const orgsNode = kid(root, 'organizations');
  const orgNodes = kids(orgsNode, 'organization');
  if (orgNodes.length === 0) {
    throw new ManifestError(
      'NO_ORGANIZATION',
      'The package has no organisation (course structure), so there is nothing to launch. Re-export it from the authoring tool as a SCORM package.',
    );
  }
  const organizations: ManifestOrganization[] = orgNodes.map((o, i) => {
    const id = idAttr(o, 'identifier');
    const title = kidText(o, 'title') ?? '';
    if (!id) throw missingId('an organisation', title ? ` ("${title}")` : ` (number ${i + 1})`);
    return { identifier: id, title, items: kids(o, 'item').map((it) => parseItem(it, id)) };
  });
  const wanted = idAttr(orgsNode as XNode, 'default');
  const defaultOrg = organizations.find((o) => o.identifier === wanted) ?? organizations[0];

  // Resources, with xml:base chained manifest → resources → resource.
  const resourcesNode = kid(root, 'resources');
  let resources: ResourceInternal[];
  try {
    let base: string[] = [];
    const manifestBase = attr(root, 'base');
    if (manifestBase) base = resolveSegments(base, manifestBase);
    const resourcesBase = attr(resourcesNode, 'base');
    if (resourcesBase) base = resolveSegments(base, resourcesBase);
    resources = kids(resourcesNode, 'resource').map((r) => parseResource(r, base));
  } catch (e) {
    if (e instanceof UnsafePath) {
      throw new ManifestError(
        'MISSING_RESOURCE',
        `The manifest's xml:base "${e.message}" points outside the package. All content must be inside the package.`,
      );
    }
    throw e;
  }
  const byId = new Map(resources.map((r) => [r.resource.identifier, r]));

  // References
  const checkItems = (items: ManifestItem[], orgId: string): void => {
    for (const item of items) {
      if (item.resourceId !== null && !byId.has(item.resourceId)) {
        throw new ManifestError(
          'MISSING_RESOURCE',
          `Item "${item.title || item.identifier}" (${item.identifier}) in organisation "${orgId}" refers to resource "${item.resourceId}", which is not listed in the manifest's resources.`,
        );
      }
      checkItems(item.children, orgId);
    }
  };
  organizations.forEach((o) => checkItems(o.items, o.identifier));
  for (const { resource } of resources) {
    for (const dep of resource.dependencies) {
      if (!byId.has(dep)) {
        throw new ManifestError(
          'MISSING_RESOURCE',
          `Resource "${resource.identifier}" depends on resource "${dep}", which is not listed in the manifest's resources.`,
        );
      }
    }
    if (resource.scormType === 'sco' && resource.href === null) {
      throw new ManifestError(
        'MISSING_LAUNCH',
        `Resource "${resource.identifier}" is a SCO but has no launch file (its "href" attribute is missing), so it cannot be started.`,
      );
    }
  }

  // SCOs: leaf items of the default organisation that reference SCO resources.
  const scos: ManifestSco[] = [];
  const collect = (items: ManifestItem[]): void => {
    for (const item of items) {
      if (item.children.length > 0) {
        collect(item.children);
        continue;
      }
      const res = item.resourceId === null ? undefined : byId.get(item.resourceId);
      if (res?.resource.scormType !== 'sco' || res.launchUrl === null) continue;
      scos.push({
        itemIdentifier: item.identifier,
        resourceId: res.resource.identifier,
        title: item.title,
        launch: joinLaunch(res.launchUrl, item.parameters),
        masteryScore: item.masteryScore,
        completionThreshold: item.completionThreshold,
      });
    }
  };
  collect(defaultOrg.items);
  if (scos.length === 0) {
    throw new ManifestError(
      'NO_SCO',
      'The package has no SCO (trackable lesson) in its default organisation, only plain files. The system could not record progress or completion; re-export it as a SCORM course with tracking.',
    );
  }

  let hasSequencing = false;
  walk(root, (n) => {
    if (n.name === 'sequencing' || n.name === 'sequencingcollection') hasSequencing = true;
  });

  return {
    identifier,
    version,
    title: defaultOrg.title || identifier,
    defaultOrganization: defaultOrg.identifier,
    organizations,
    resources: resources.map((r) => r.resource),
    scos,
    hasSequencing,
  };
}

/**
 * Every file the manifest references (resource hrefs and files, with xml:base applied) that is
 * not in `present` (package-relative paths, `/`-separated, decoded). Each path is listed once,
 * with the first resource that needs it.
 */
export function missingFiles(
  m: ParsedManifest,
  present: ReadonlySet<string>,
): { path: string; resource: string }[] {
  const seen = new Set<string>();
  const out: { path: string; resource: string }[] = [];
  for (const r of m.resources) {
    for (const path of r.href === null ? r.files : [r.href, ...r.files]) {
      if (present.has(path) || seen.has(path)) continue;
      seen.add(path);
      out.push({ path, resource: r.identifier });
    }
  }
  return out;
}
