import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/client';
import { ApiError } from '../api/errors';
import type { PackageDto } from '../api/types';
import { apiError, jsonResponse, stubFetch } from '../testing/fetchStub';
import { GLOBAL_CATALOGUE, scormVersionLabel, usePackagesStore } from './packages';

const LIST = 'GET /api/packages';
const TRUST_UPLOAD = 'POST /api/trusts/t1/packages';
const GLOBAL_UPLOAD = 'POST /api/packages';

function pkg(overrides: Partial<PackageDto> = {}): PackageDto {
  return {
    id: 'p-1',
    title: 'Runtime basic calls',
    trustId: 't1',
    versionCount: 1,
    attemptPolicy: 'on_completed',
    grading: 'highest',
    latest: {
      id: 'v-1',
      versionNumber: 1,
      scormVersion: '1.2',
      filename: 'course.zip',
      fileCount: 12,
      totalBytes: 4096,
      createdAt: '2026-03-03T10:00:00.000Z',
      scos: [
        {
          id: 's-1',
          position: 1,
          title: 'Lesson 1',
          launch: 'index.html',
          masteryScore: null,
          completionThreshold: null,
        },
      ],
      sequencing: null,
    },
    ...overrides,
  };
}

function zip(): File {
  return new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], 'course.zip', { type: 'application/zip' });
}

describe('packages store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setCsrfToken('csrf');
  });

  it('uploads to the trust catalogue as multipart and refreshes the list', async () => {
    const { requests } = stubFetch({
      [TRUST_UPLOAD]: jsonResponse(201, pkg()),
      [LIST]: jsonResponse(200, [pkg()]),
    });
    const store = usePackagesStore();

    const uploaded = await store.upload({ catalogue: 't1', file: zip() });

    expect(uploaded.id).toBe('p-1');
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([TRUST_UPLOAD, LIST]);
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe('csrf');
    expect(requests[0]?.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
    const body = String(requests[0]?.body);
    expect(body).toContain('form-data; name="file"');
    expect(body).not.toContain('name="replacesPackageId"');
    expect(store.packages.map((item) => item.id)).toEqual(['p-1']);
  });

  it('uploads to the global catalogue as a new version of the chosen package', async () => {
    const replaced = pkg({ id: 'p-9', trustId: null, versionCount: 2 });
    const { requests } = stubFetch({
      [GLOBAL_UPLOAD]: jsonResponse(201, replaced),
      [LIST]: jsonResponse(200, [replaced]),
    });
    const store = usePackagesStore();

    await store.upload({ catalogue: GLOBAL_CATALOGUE, file: zip(), replacesPackageId: 'p-9' });

    expect(requests[0]).toMatchObject({ method: 'POST', path: '/api/packages' });
    expect(requests[0]?.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
    const body = String(requests[0]?.body);
    expect(body).toContain('form-data; name="file"');
    expect(body).toMatch(/name="replacesPackageId"\r\n\r\np-9\r\n/);
    expect(requests.some((r) => r.path.startsWith('/api/trusts/'))).toBe(false);
  });

  it("passes on the API's explanation of a package it refuses", async () => {
    const message =
      'The imsmanifest.xml file is inside the folder "course/". Zip the contents of that folder, not the folder itself.';
    const { requests } = stubFetch({ [TRUST_UPLOAD]: apiError(400, 'VALIDATION_FAILED', message) });
    const store = usePackagesStore();

    const error = await store.upload({ catalogue: 't1', file: zip() }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([TRUST_UPLOAD]);
    expect(store.packages).toEqual([]);
  });

  it('names SCORM versions as people know them', () => {
    expect(scormVersionLabel('1.2')).toBe('SCORM 1.2');
    expect(scormVersionLabel('2004-3rd')).toBe('SCORM 2004 (3rd edition)');
  });
});
