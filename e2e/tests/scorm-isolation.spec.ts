import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rawZip } from '../../api/src/modules/scorm/import/test-zips.js';
import { baseUrl, launchBrowser, newPage } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import {
  attachOnProgrammesPage,
  scoFrame,
  scormCall,
  uploadGlobalPackage,
  waiveDemoLearnerPreAssessment,
} from '../fixtures/scorm.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

const STEP = 'Fair recruitment and promotion';

const MANIFEST = `<?xml version="1.0"?>
<manifest identifier="hostile.probe" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Hostile probe</title>
    <item identifier="item" identifierref="res"><title>Probe</title></item>
  </organization></organizations>
  <resources><resource identifier="res" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>`;

/**
 * A SCO that tries what hostile third-party content would: read cookies, reach into the app page, call the
 * API with the learner's credentials, and save into an attempt that is not its own. It reports what it
 * managed in suspend_data.
 */
const probe = (appOrigin: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Probe</title></head>
<body><h1>Probe</h1><script>
(async function () {
  var r = {};
  r.cookie = document.cookie;
  try { r.topCookie = String(window.top.document.cookie); } catch (e) { r.topCookie = 'blocked:' + e.name; }
  try { r.topLocation = String(window.top.location.href); } catch (e) { r.topLocation = 'blocked:' + e.name; }
  try {
    var res = await fetch(${JSON.stringify(appOrigin)} + '/api/me/learning', { credentials: 'include' });
    r.api = 'status:' + res.status + ':' + (await res.text()).slice(0, 40);
  } catch (e) { r.api = 'blocked:' + e.name; }
  try {
    var other = await fetch('/runtime/' + 'A'.repeat(43) + '/commits', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seq: 1, cmi: { 'cmi.core.lesson_location': 'written-by-a-stranger' } })
    });
    r.otherAttempt = other.status;
  } catch (e) { r.otherAttempt = 'blocked:' + e.name; }
  var api = window.parent.API;
  api.LMSInitialize('');
  api.LMSSetValue('cmi.suspend_data', JSON.stringify(r));
  api.LMSCommit('');
  document.body.setAttribute('data-done', '1');
})();
</script></body></html>`;

describe('isolation: a hostile SCO on the content origin', () => {
  let browser: Browser;
  let learner: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    await waiveDemoLearnerPreAssessment(browser, baseUrl());
    const admin = await newPage(browser);
    await new SignInPage(admin).open();
    await new SignInPage(admin).signIn('admin@demo.cqpathway.test', DEMO_PASSWORD);
    await admin.waitForURL((url) => url.pathname !== '/sign-in');
    const zip = rawZip([
      { name: 'imsmanifest.xml', data: Buffer.from(MANIFEST) },
      { name: 'index.html', data: Buffer.from(probe(new URL(baseUrl()).origin)) },
    ]);
    const id = await uploadGlobalPackage(admin, zip, 'hostile-probe.zip');
    await admin.goto('/admin/programmes');
    await new AppShell(admin).waitForHeading('Programmes');
    await attachOnProgrammesPage(admin, STEP, id);
    await admin.context().close();

    learner = await newPage(browser);
    await new SignInPage(learner).open();
    await new SignInPage(learner).signIn('learner@demo.cqpathway.test', DEMO_PASSWORD);
    await learner.waitForURL((url) => url.pathname !== '/sign-in');
  });
  afterAll(() => browser?.close());

  it('cannot read the LMS cookie, reach the app page or API, or write to another attempt', async () => {
    await learner.goto('/learning');
    await new AppShell(learner).waitForHeading('My learning');
    await learner
      .getByTestId('learning-step')
      .filter({ hasText: STEP })
      .getByTestId('learning-step-module-link')
      .click();
    await new AppShell(learner).waitForHeading(STEP);
    await learner.getByTestId('module-launch').click();
    await scoFrame(learner).locator('body[data-done="1"]').waitFor();

    const report = JSON.parse(await scormCall(learner, 'LMSGetValue', 'cmi.suspend_data')) as Record<
      string,
      unknown
    >;
    expect(report.cookie).toBe('');
    expect(report.topCookie).toMatch(/^blocked:SecurityError/);
    expect(report.topLocation).toMatch(/^blocked:SecurityError/);
    // Refused by the content origin's CSP (connect-src 'self') and, failing that, by CORS: never a response.
    expect(report.api).toMatch(/^blocked:TypeError/);
    expect(report.otherAttempt).toBe(401);

    // The browser holds the session cookie for the app's host only; none would go to the content origin.
    const contentUrl = inject('contentUrl');
    const appCookies = await learner.context().cookies(baseUrl());
    expect(appCookies.map((c) => c.name)).toContain('cqp_session');
    expect(await learner.context().cookies(contentUrl)).toEqual([]);
    expect(new URL(contentUrl).hostname).not.toBe(new URL(baseUrl()).hostname);
  });
});
