// Which front end reads a text, and which writer writes its fixes.
import type { Layout } from '../edits';
import { JsonWriter } from '../edits';
import type { ParsedJson } from '../json';
import { parseJson } from '../json';
import type { Format, Writer } from '../writer';
import { parseTerraform, type ParsedHcl } from './terraform';
import { HclWriter } from './hcl-writer';
import { parseYaml, type ParsedYaml } from './yaml';
import { YamlWriter } from './yaml-writer';

export type { Format };

const EXTENSIONS: Record<string, Format> = { '.json': 'json', '.jsonc': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.tf': 'hcl' };

/**
 * Terraform by its text: after comments, a top-level block (`resource "aws_iam_role" "r" {`, `terraform {`),
 * which neither JSON nor YAML starts with.
 */
const HCL_START = /^(?:(?:#|\/\/)[^\n]*\n\s*|\/\*[^]*?\*\/\s*)*(?:resource|data|module|provider|variable|output|locals|terraform|moved|import|removed|check)(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{/;

/**
 * The format of a text: the one asked for, else the file name's extension, else the text itself (JSON starts
 * with `{` or `[`, Terraform with a block; a `.template` file or standard input may be either; binary is taken
 * for JSON).
 */
export function detectFormat(text: string, fileName: string | undefined, asked?: Format | 'auto'): Format {
  if (asked && asked !== 'auto') return asked;
  const m = /(\.[A-Za-z]+)$/.exec(fileName ?? '');
  const byName = m ? EXTENSIONS[m[1]!.toLowerCase()] : undefined;
  if (byName) return byName;
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text.charCodeAt(i);
    // Binary content is no YAML either: read (and reported) as what a policy file usually is.
    if (c === 0) return 'json';
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) continue;
    if (c === 0x7b || c === 0x5b) return 'json';
    return HCL_START.test(text.slice(i, i + 4096)) ? 'hcl' : 'yaml';
  }
  return 'json';
}

export type Parsed = ParsedJson | ParsedYaml | ParsedHcl;

/** `stop`: asked during a JSON parse, which ends by throwing `ParseStopped` when it says true. */
export function parseText(text: string, format: Format, stop?: () => boolean): Parsed {
  return format === 'yaml' ? parseYaml(text) : format === 'hcl' ? parseTerraform(text) : parseJson(text, stop);
}

export function writerFor(format: Format, text: string, parsed: Parsed, layout: () => Layout): Writer {
  if (format === 'hcl' && 'terraform' in parsed) return new HclWriter(text, parsed.terraform.meta, new JsonWriter(text, layout), layout);
  return format === 'yaml' ? new YamlWriter(text, parsed.root, layout) : new JsonWriter(text, layout);
}
