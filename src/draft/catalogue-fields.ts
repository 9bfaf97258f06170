import { codeTableFor } from './code-tables';
import type { DraftContext } from './draft-context';
import type { DraftField, DraftJoin } from './draft-model';
import type { TableFacts } from './table-facts';

/**
 * Fields a course and a class both take from the course table: its grade levels (a delimited
 * list column) and its subject (through the subject code table's description, when there is one).
 */
export function gradeListField(facts: TableFacts, alias: string): DraftField | undefined {
  const list = facts.first('gradeList');
  if (!list) return undefined;
  const separator = [';', ',', '|', ' '].find((candidate) => list.samples.some((sample) => sample.value.includes(candidate))) ?? ';';
  return { name: 'grades', value: { split: `${alias}.${list.name}`, separator }, guess: `${list.name} looks like grade levels separated by "${separator}" (served as stored: make sure they are OneRoster grade codes such as KG, 01 … 12)` };
}

export function subjectFields(context: DraftContext, facts: TableFacts, alias: string, subjectAlias: string): { join?: DraftJoin; fields: DraftField[] } {
  const subject = facts.firstOnly('subject', ['name']) ?? facts.first('subject');
  if (!subject) return { fields: [] };
  const codes = codeTableFor(context.profile, facts.table, subject.name);
  if (!codes) return { fields: [{ name: 'subjects', value: [`${alias}.${subject.name}`], guess: `${subject.name} looks like a subject (served as stored)` }] };
  return {
    join: { table: codes.table, alias: subjectAlias, on: { [`${subjectAlias}.${codes.codeColumn}`]: `${alias}.${subject.name}` }, type: 'left', guess: `${subject.name} is explained by the code table ${codes.table}` },
    fields: [{ name: 'subjects', value: [`${subjectAlias}.${codes.descriptionColumn}`], guess: `the description of ${subject.name} in ${codes.table}` }],
  };
}
