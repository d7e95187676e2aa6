import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, expectOk, unwrap } from '../api/client';
import type { PackageDto, PackagePolicyInput, ScormVersion } from '../api/types';

/** The catalogue value for the global catalogue, shared by every trust. */
export const GLOBAL_CATALOGUE = 'global';

const SCORM_LABELS: Record<ScormVersion, string> = {
  '1.2': 'SCORM 1.2',
  '2004-2nd': 'SCORM 2004 (2nd edition)',
  '2004-3rd': 'SCORM 2004 (3rd edition)',
  '2004-4th': 'SCORM 2004 (4th edition)',
};

/** "SCORM 1.2", "SCORM 2004 (3rd edition)". */
export function scormVersionLabel(version: ScormVersion): string {
  return SCORM_LABELS[version];
}

export interface PackageUpload {
  /** A trust id, or GLOBAL_CATALOGUE. */
  catalogue: string;
  file: File;
  /** Upload as a new version of this package. */
  replacesPackageId?: string | null;
}

export const usePackagesStore = defineStore('packages', () => {
  const packages = ref<PackageDto[]>([]);
  const loaded = ref(false);

  async function loadPackages(): Promise<void> {
    packages.value = await unwrap(api.GET('/api/packages'));
    loaded.value = true;
  }

  /** Imports a SCORM zip into a trust's catalogue or the global one, then refreshes the list. */
  async function upload({ catalogue, file, replacesPackageId }: PackageUpload): Promise<PackageDto> {
    // The schema describes the file part as a string; the browser sends the File itself.
    const body = replacesPackageId ? { file: file.name, replacesPackageId } : { file: file.name };
    const bodySerializer = () => {
      const form = new FormData();
      form.append('file', file, file.name);
      if (replacesPackageId) form.append('replacesPackageId', replacesPackageId);
      return form;
    };
    const uploaded = await unwrap(
      catalogue === GLOBAL_CATALOGUE
        ? api.POST('/api/packages', { body, bodySerializer })
        : api.POST('/api/trusts/{trustId}/packages', {
            params: { path: { trustId: catalogue } },
            body,
            bodySerializer,
          }),
    );
    packages.value = [uploaded, ...packages.value.filter((item) => item.id !== uploaded.id)];
    // The list is refreshed from the API; the upload itself has succeeded whatever happens here.
    await loadPackages().catch(() => undefined);
    return uploaded;
  }

  /** When a launch starts a new attempt, and which attempt grades the module. */
  async function setPolicy(packageId: string, policy: PackagePolicyInput): Promise<void> {
    const body = { attemptPolicy: policy.attemptPolicy, grading: policy.grading };
    await expectOk(api.PUT('/api/packages/{packageId}/policy', { params: { path: { packageId } }, body }));
    packages.value = packages.value.map((item) => (item.id === packageId ? { ...item, ...body } : item));
  }

  return {
    packages: readonly(packages),
    loaded: readonly(loaded),
    loadPackages,
    upload,
    setPolicy,
  };
});
