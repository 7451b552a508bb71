/**
 * describeGlobal, an object's basic information and its describe.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import { Router } from 'express';
import { apiVersionOf, callerOf } from '../request-context.js';
import { describeGlobal, describeObject, sobjectBasicInfo } from '../schema/describe.js';
import { objectParam } from './object-param.js';

export function describeRoutes(): Router {
  const router = Router({ mergeParams: true });
  router.get('/sobjects', (req, res) => {
    res.json(describeGlobal(apiVersionOf(req), callerOf(req).org.schema.objects()));
  });
  router.get('/sobjects/:type', (req, res) => {
    res.json(sobjectBasicInfo(apiVersionOf(req), objectParam(callerOf(req).org, req.params.type)));
  });
  router.get('/sobjects/:type/describe', (req, res) => {
    res.json(describeObject(apiVersionOf(req), objectParam(callerOf(req).org, req.params.type)));
  });
  return router;
}
