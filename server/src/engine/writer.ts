// How fixes change text. A fix says *what* to change on the tree (replace this value, add these members to
// that object, remove this item); a writer per format says *how*, in the file's own layout: JSON with its
// indentation and line ends (edits.ts), YAML in block or flow style with its quotes and comments
// (formats/yaml-writer.ts). Rules build fixes once, against this interface, and never learn the format.
import type { JsonNode } from './json';
import type { TextEdit } from './types';

/** The text formats the engine reads. */
export type Format = 'json' | 'yaml' | 'hcl';

/** A value to write that is an existing node, copied as the file has it (not re-serialised). */
export class SourceValue {
  constructor(readonly node: JsonNode) {}
}

export interface WriteOptions {
  /**
   * Write the value on one line (JSON `["a", "b"]`, YAML flow `[a, b]`) rather than spread over lines at the
   * place's indentation. Each method has the default that matches where it writes.
   */
  inline?: boolean;
}

export interface Writer {
  readonly format: Format;
  readonly text: string;
  /** Replaces a value (or a key, or a whole member) with a new value. Inline unless told otherwise. */
  replace(node: JsonNode, value: unknown, options?: WriteOptions): TextEdit;
  /** Gives a property a new key name. */
  renameKey(key: JsonNode, name: string): TextEdit;
  /** Adds members to an object, first, last (the default) or after a given member; one edit for all. */
  insertMembers(obj: JsonNode, members: readonly (readonly [string, unknown])[], at?: 'first' | 'last' | JsonNode, options?: WriteOptions): TextEdit;
  /** Adds an item to an array, after `afterIndex` or at the end. */
  insertItem(arr: JsonNode, value: unknown, afterIndex?: number): TextEdit;
  /** Removes a member of an object or an item of an array, with the separator and line that belong to it. */
  remove(container: JsonNode, member: JsonNode): TextEdit;
  /**
   * Turns a lone object (a `Statement` written as one object) into a list of that object, with `inner`
   * (edits inside it made by the same fix) applied, followed by `next`.
   */
  listify(node: JsonNode, inner: readonly TextEdit[], next: unknown): TextEdit;
  /** A node's value as plain data: what JSON.parse would give (intrinsics as their `Fn::` objects). */
  value(node: JsonNode): unknown;
}

/** A node's value as plain data, from the tree (any format): objects, arrays and scalars. */
export function nodeValue(node: JsonNode | undefined, depth = 0): unknown {
  if (!node || depth > 512) return null;
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k) out[String(k.value)] = nodeValue(v, depth + 1);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((c) => nodeValue(c, depth + 1));
    case 'property':
      return nodeValue(node.children?.[1], depth + 1);
    default:
      return node.value ?? null;
  }
}
