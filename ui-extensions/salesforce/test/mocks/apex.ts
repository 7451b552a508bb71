/**
 * Test doubles for `@salesforce/apex/<Class>.<method>`: one per method, shared by the component
 * (which imports it) and the test (which drives it). Each is callable imperatively (a vi.fn the
 * test resolves or rejects) and usable with `@wire` (cacheable methods only, as on the platform);
 * the test pushes wire results with `emit` / `fail`. Parameter names are checked against the
 * Apex method, because the platform would silently pass null for a misspelt one.
 */
import { vi, type Mock } from 'vitest';

export interface ApexSpec {
  className: string;
  method: string;
  cacheable: boolean;
  params: string[];
}
export type ApexParams = Record<string, unknown>;
export interface WireResult {
  data: unknown;
  error: unknown;
}
type Provide = (value: WireResult) => void;

interface WireConnection {
  provide: Provide;
  config: ApexParams | undefined;
}

interface ApexDouble {
  spec: ApexSpec;
  call: Mock<(params: ApexParams) => Promise<unknown>>;
  wires: Set<WireConnection>;
  configs: ApexParams[];
}

const doubles = new Map<string, ApexDouble>();

function checkParams(spec: ApexSpec, params: ApexParams): void {
  const unknown = Object.keys(params).filter((key) => !spec.params.includes(key));
  if (unknown.length) throw new Error(`${spec.className}.${spec.method} has no parameter ${unknown.join(', ')} (it takes ${spec.params.join(', ')})`);
}

function doubleFor(spec: ApexSpec): ApexDouble {
  const key = `${spec.className}.${spec.method}`;
  let double = doubles.get(key);
  if (!double) {
    double = { spec, call: vi.fn<(params: ApexParams) => Promise<unknown>>(), wires: new Set(), configs: [] };
    doubles.set(key, double);
  }
  return double;
}

/** What the plugin's virtual `@salesforce/apex/...` module exports as default. */
export function apexMethod(spec: ApexSpec) {
  const double = doubleFor(spec);
  const callable = (params: ApexParams = {}): Promise<unknown> => {
    checkParams(spec, params);
    return double.call(params);
  };
  class ApexWireAdapter {
    private readonly connection: WireConnection;
    constructor(provide: Provide) {
      this.connection = { provide, config: undefined };
    }
    connect(): void {
      if (!spec.cacheable) throw new Error(`${spec.className}.${spec.method} is not cacheable=true: it cannot be wired`);
      double.wires.add(this.connection);
    }
    disconnect(): void {
      double.wires.delete(this.connection);
    }
    update(config: ApexParams): void {
      checkParams(spec, config);
      this.connection.config = config;
      double.configs.push(config);
    }
  }
  return Object.assign(callable, { adapter: ApexWireAdapter });
}

function find(method: string): ApexDouble {
  const double = [...doubles.values()].find((d) => d.spec.method === method || `${d.spec.className}.${d.spec.method}` === method);
  if (!double) throw new Error(`No component imported the Apex method ${method}`);
  return double;
}

/** The imperative mock of a method, by name (`completeTask`). */
export function apexCall(method: string): ApexDouble['call'] {
  return find(method).call;
}

/** Pushes a result to every connected wire of a method, as the platform does when its call returns. */
export function emit(method: string, data: unknown): void {
  const double = find(method);
  if (double.wires.size === 0) throw new Error(`Nothing is wired to ${method}`);
  for (const wire of double.wires) wire.provide({ data, error: undefined });
}

/** Pushes an error (the shape Apex errors reach components in) to every wire of a method. */
export function fail(method: string, error: unknown): void {
  const double = find(method);
  if (double.wires.size === 0) throw new Error(`Nothing is wired to ${method}`);
  for (const wire of double.wires) wire.provide({ data: undefined, error });
}

/** Every config the wires of a method were given, oldest first. */
export function wireConfigs(method: string): ApexParams[] {
  return find(method).configs;
}

export function resetApexDoubles(): void {
  for (const double of doubles.values()) {
    double.call.mockReset();
    double.configs.length = 0;
  }
}

/** The error a failed Apex call rejects with, as the component sees it (AuraHandledException). */
export function apexError(message: string | null, status = 500): { status: number; body: { message: string | null }; statusText: string } {
  return { status, statusText: 'Server Error', body: { message } };
}
