/** Accepts /services/data/v50.0 to v68.0; any other version is NOT_FOUND, as Salesforce answers. */
import type { RequestHandler } from 'express';
import { parseVersionSegment } from '../api-versions.js';
import { notFound } from '../errors.js';
import { setApiVersion } from '../request-context.js';

export const requireApiVersion: RequestHandler = (req, _res, next) => {
  const segment = typeof req.params.version === 'string' ? req.params.version : '';
  const version = parseVersionSegment(segment);
  if (!version) throw notFound();
  setApiVersion(req, version);
  next();
};
