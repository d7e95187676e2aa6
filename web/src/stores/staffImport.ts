import { defineStore } from 'pinia';
import { readonly, ref, type DeepReadonly } from 'vue';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { ColumnMapping, ImportPreviewDto, ImportResultDto } from '../api/types';

/** Why an import cannot be confirmed as it stands, in the words shown to the person importing. */
export function refusalMessage(preview: DeepReadonly<ImportPreviewDto>): string {
  if (preview.status === 'committed') return 'This import has already been confirmed.';
  if (preview.missingFields.length) {
    return `Nothing has been imported. Choose the column for ${preview.missingFields.join(', ')}, then update the preview.`;
  }
  if (preview.validCount === 0 && preview.invalidRowCount === 0) {
    return 'The file has no staff to import. Check the file and upload it again.';
  }
  return 'Nothing has been imported. Fix the problems in the file and upload it again.';
}

export const useStaffImportStore = defineStore('staffImport', () => {
  const trustId = ref<string | null>(null);
  const preview = ref<ImportPreviewDto | null>(null);
  const result = ref<ImportResultDto | null>(null);

  function current(): { trustId: string; preview: ImportPreviewDto } {
    if (!trustId.value || !preview.value) {
      throw new ApiError({ status: 400, code: 'NO_IMPORT', message: 'Upload a CSV file first.' });
    }
    return { trustId: trustId.value, preview: preview.value };
  }

  /** Uploads a CSV; nothing changes in the staff records until the import is confirmed. */
  async function upload(forTrust: string, file: File): Promise<ImportPreviewDto> {
    const uploaded = await unwrap(
      api.POST('/api/trusts/{trustId}/staff-imports', {
        params: { path: { trustId: forTrust } },
        // The schema describes the file part as a string; the browser sends the File itself.
        body: { file: file.name },
        bodySerializer: () => {
          const form = new FormData();
          form.append('file', file, file.name);
          return form;
        },
      }),
    );
    trustId.value = forTrust;
    preview.value = uploaded;
    result.value = null;
    return uploaded;
  }

  async function load(forTrust: string, importId: string): Promise<ImportPreviewDto> {
    const loaded = await unwrap(
      api.GET('/api/trusts/{trustId}/staff-imports/{importId}', {
        params: { path: { trustId: forTrust, importId } },
      }),
    );
    trustId.value = forTrust;
    preview.value = loaded;
    result.value = null;
    return loaded;
  }

  async function setMapping(mapping: ColumnMapping): Promise<ImportPreviewDto> {
    const { trustId: forTrust, preview: shown } = current();
    const updated = await unwrap(
      api.PUT('/api/trusts/{trustId}/staff-imports/{importId}/mapping', {
        params: { path: { trustId: forTrust, importId: shown.id } },
        body: { mapping },
      }),
    );
    preview.value = updated;
    return updated;
  }

  /** Writes the previewed rows. Refused here, without asking the API, while the preview has problems. */
  async function confirm(): Promise<ImportResultDto> {
    const { trustId: forTrust, preview: shown } = current();
    if (!shown.canConfirm) {
      const message = refusalMessage(shown);
      throw new ApiError({
        status: 400,
        code: 'VALIDATION_FAILED',
        message,
        details: [{ field: 'file', message }],
      });
    }
    const written = await unwrap(
      api.POST('/api/trusts/{trustId}/staff-imports/{importId}/confirm', {
        params: { path: { trustId: forTrust, importId: shown.id } },
      }),
    );
    result.value = written;
    preview.value = { ...shown, status: 'committed', canConfirm: false };
    return written;
  }

  function reset(): void {
    trustId.value = null;
    preview.value = null;
    result.value = null;
  }

  return {
    trustId: readonly(trustId),
    preview: readonly(preview),
    result: readonly(result),
    upload,
    load,
    setMapping,
    confirm,
    reset,
  };
});
