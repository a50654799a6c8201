// Fixes that edit a role's trust policy, in this file or in another one.
import type { Analysis } from '../analyze';
import { addStatementEdits } from '../fixes';
import type { TextEdit } from '../types';
import type { Writer } from '../writer';
import { localFacts, type TrustFacts } from './facts';
import type { RoleTarget } from './resolve';

/** Adds a service to a trust policy: to the first trusted service's list, else as a new statement. */
export function trustServiceEdits(w: Writer, trust: TrustFacts, service: string): TextEdit[] {
  const first = trust.services.find((s) => s.node);
  if (first?.node) {
    const list = first.node.parent;
    if (list?.type === 'array') return [w.insertItem(list, service)];
    return [w.replace(first.node, [first.text, service])];
  }
  const doc = trust.doc!;
  const last = doc.statements[doc.statements.length - 1];
  if (!last) return [];
  return addStatementEdits(w, doc, last, { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
}

/**
 * The edits that make a role's trust policy trust `service`, wherever the role is: this document, or
 * another file of the workspace (read and analysed on demand; the edits then name that file).
 */
export function trustTargetEdits(analysis: Analysis, target: RoleTarget, service: string): TextEdit[] {
  if (target.where === 'local') {
    const trust = target.role.trust;
    return trust?.doc ? trustServiceEdits(analysis.writer, trust, service) : [];
  }
  const other = analysis.options.workspace?.analysisOf(target.role.file);
  const role = other ? localFacts(other).roles.get(target.role.key) : undefined;
  if (!other || !role?.trust?.doc) return [];
  return trustServiceEdits(other.writer, role.trust, service).map((e) => ({ ...e, file: target.role.file }));
}

/** Whether a role's trust policy is text a fix can edit (not the role SAM makes, nor an unseen one). */
export function trustEditable(target: RoleTarget): boolean {
  if (target.role.readOnly) return false;
  return target.where === 'local' ? target.role.trust?.doc !== undefined : target.role.trust !== undefined && target.role.kind !== 'sam';
}
