/**
 * HubSpot's OpenAPI documents are read at run time: beside the repository they are all there; in
 * a directory without them the sandbox learns so (and runs without checking bodies) instead of
 * the build failing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPECS_DIR, readSpecDocuments, SPEC_NAMES } from '../openapi/spec-documents.js';

describe('HubSpot spec documents', () => {
  it('are read from ../shared/specs/hubspot, every one an OpenAPI document', () => {
    const documents = readSpecDocuments(DEFAULT_SPECS_DIR);
    expect(documents).not.toBeNull();
    for (const name of SPEC_NAMES) expect((documents![name] as { openapi?: string }).openapi, name).toMatch(/^3\./);
  });

  it('are reported missing, not thrown, where the directory lacks them', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'no-specs-'));
    try {
      expect(readSpecDocuments(empty)).toBeNull();
      expect(readSpecDocuments(path.join(empty, 'nowhere'))).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
