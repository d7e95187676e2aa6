/**
 * `imsmanifest.xml` for a single-SCO package, SCORM 1.2 or SCORM 2004 4th edition.
 *
 * One organisation, one item, one `sco` resource that lists the package's own files. Identifiers
 * are stable (`cqp.<slug>`, `.org`, `.item`, `.sco`) so that an LMS recognises a rebuilt package
 * as a new version of the same course. The mastery score goes where each version expects it:
 * 1.2 `adlcp:masteryscore` (0–100); 2004 a primary objective satisfied by measure, with
 * `imsss:minNormalizedMeasure` = masteryScore / 100. The schema files named in
 * `xsi:schemaLocation` are copied into the package root by `package.ts`.
 */
import type { Course, ScormVersion } from './types.js';

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** The LMS-facing title: "Module 2: Everyday exclusion". */
export function courseTitle(course: Course): string {
  return `Module ${course.module}: ${course.title}`;
}

export function identifiers(slug: string) {
  const base = `cqp.${slug}`;
  return { manifest: base, organization: `${base}.org`, item: `${base}.item`, resource: `${base}.sco` };
}

/** `0.8` for 80, at least one decimal, no float noise (`0.07`, not `0.07000000000000001`). */
export function normalizedMeasure(masteryScore: number): string {
  const s = (Math.round(masteryScore * 100) / 10000).toFixed(4).replace(/0+$/, '');
  return s.endsWith('.') ? `${s}0` : s;
}

function fileList(files: readonly string[], indent: string): string {
  return files.map((f) => `${indent}<file href="${escapeXml(f)}"/>`).join('\n');
}

export function manifest12(course: Course, files: readonly string[], launch = 'index.html'): string {
  const id = identifiers(course.slug);
  const title = escapeXml(courseTitle(course));
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${id.manifest}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="${id.organization}">
    <organization identifier="${id.organization}">
      <title>${title}</title>
      <item identifier="${id.item}" identifierref="${id.resource}" isvisible="true">
        <title>${title}</title>
        <adlcp:masteryscore>${course.masteryScore}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${id.resource}" type="webcontent" adlcp:scormtype="sco" href="${escapeXml(launch)}">
${fileList(files, '      ')}
    </resource>
  </resources>
</manifest>
`;
}

export function manifest2004(course: Course, files: readonly string[], launch = 'index.html'): string {
  const id = identifiers(course.slug);
  const title = escapeXml(courseTitle(course));
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${id.manifest}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="${id.organization}">
    <organization identifier="${id.organization}">
      <title>${title}</title>
      <item identifier="${id.item}" identifierref="${id.resource}">
        <title>${title}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="${id.manifest}.mastery" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${normalizedMeasure(course.masteryScore)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${id.resource}" type="webcontent" adlcp:scormType="sco" href="${escapeXml(launch)}">
${fileList(files, '      ')}
    </resource>
  </resources>
</manifest>
`;
}

export function manifest(version: ScormVersion, course: Course, files: readonly string[]): string {
  return version === '1.2' ? manifest12(course, files) : manifest2004(course, files);
}
