/** Reading what the controller answers without trusting its shape. */
import { describe, expect, it } from 'vitest';
import { errorMessage, isCardView, readCardResponse } from 'c/vipCareView';
import { view } from '../../../../../../test/harness/card.js';

describe('readCardResponse', () => {
  it('reads a view from JSON text or an object', () => {
    const v = view('vipFull');
    expect(readCardResponse(JSON.stringify(v))).toEqual({ kind: 'view', view: v });
    expect(readCardResponse(v)).toEqual({ kind: 'view', view: v });
  });

  it('reads the 404 body as not found, with the server\'s message when it is not blank', () => {
    expect(readCardResponse('{"error":{"code":"CUSTOMER_NOT_FOUND","message":"Not yet."}}')).toEqual({ kind: 'notFound', message: 'Not yet.' });
    expect(readCardResponse('{"error":{"code":"CUSTOMER_NOT_FOUND","message":" "}}')).toEqual({ kind: 'notFound', message: null });
  });

  it('anything else is invalid', () => {
    for (const body of ['', 'null', '[]', '{"error":{"code":"FORBIDDEN"}}', JSON.stringify({ ...view('vipFull'), version: 2 }), JSON.stringify({ ...view('vipFull'), status: 'gold' })]) {
      expect(readCardResponse(body), body.slice(0, 40)).toEqual({ kind: 'invalid' });
    }
    expect(isCardView({ ...view('vipFull'), complaints: null })).toBe(false);
  });
});

describe('errorMessage', () => {
  it('finds the AuraHandledException text in the shapes Apex errors take', () => {
    expect(errorMessage({ body: { message: 'Try later.' } })).toBe('Try later.');
    expect(errorMessage({ body: [{ message: 'A.' }, { nope: 1 }, { message: 'B.' }] })).toBe('A. B.');
    expect(errorMessage({ body: { message: '' } })).toBeNull();
    expect(errorMessage(new Error('TypeError internals'))).toBeNull();
    expect(errorMessage(undefined)).toBeNull();
  });
});
