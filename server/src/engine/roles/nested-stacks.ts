// CloudFormation nested stacks whose template is a local file, as `aws cloudformation package` reads them: an
// `AWS::CloudFormation::Stack` whose `TemplateURL` is a relative path, or a SAM `AWS::Serverless::Application`
// whose `Location` is one. The parent gives the child its `Parameters` (a role ARN handed in) and reads the
// child's `Outputs` (`!GetAtt Child.Outputs.RoleArn`). An S3 or HTTPS URL, an interpolated path, an
// application from the Serverless Application Repository, is never followed.
import type { Analysis } from '../analyze';
import { properties, propValue, stringOf, keyText, valueOf } from '../json';
import type { ChildLink, FileLinks, StoredRef } from './links';
import { localPath } from './links';
import { roleRefOf, type RoleRef } from './refs';

/** The property that holds a nested template's place, by resource type. */
const LOCATION: Record<string, string> = { 'AWS::CloudFormation::Stack': 'TemplateURL', 'AWS::Serverless::Application': 'Location' };

/** Whether a resource type is a nested stack (its `Fn::GetAtt … Outputs.X` is the child's output). */
export function isNestedStackType(type: string | undefined): boolean {
  return type !== undefined && type in LOCATION;
}

/**
 * A template's links: its Parameters, its Outputs, and its nested stacks with a local template.
 * `local`: the key of the role of this file a reference names, if it names one here.
 */
export function templateLinks(analysis: Analysis, local: (ref: RoleRef) => string | undefined): FileLinks | undefined {
  const template = analysis.template;
  const file = analysis.options.fileName;
  if (!template) return undefined;
  const stored = (ref: RoleRef): StoredRef => {
    const key = local(ref);
    return key === undefined ? { ref } : { local: key, ref };
  };
  const links: FileLinks = {};
  const params = properties(propValue(template.root, 'Parameters')).map((p) => keyText(p));
  if (params.length) links.params = params;
  const outputs: Record<string, StoredRef> = {};
  for (const p of properties(propValue(template.root, 'Outputs'))) {
    const value = propValue(valueOf(p), 'Value');
    if (value) outputs[keyText(p)] = stored(roleRefOf(value));
  }
  if (Object.keys(outputs).length) links.outputs = outputs;
  const children: ChildLink[] = [];
  for (const r of file === undefined ? [] : template.resources.values()) {
    const where = LOCATION[r.type];
    const url = where ? stringOf(propValue(r.properties, where)) : undefined;
    const child = url === undefined ? undefined : localPath(file!, url);
    if (!child) continue;
    const args: Record<string, StoredRef> = {};
    for (const p of properties(propValue(r.properties, 'Parameters'))) {
      const v = valueOf(p);
      if (v) args[keyText(p)] = stored(roleRefOf(v));
    }
    children.push({ id: r.logicalId, kind: 'stack', child, args });
  }
  if (children.length) links.children = children;
  return Object.keys(links).length ? links : undefined;
}
