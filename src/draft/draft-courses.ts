import { subjectFields, gradeListField } from './catalogue-fields';
import { AliasPicker, DraftContext } from './draft-context';
import type { DraftField, DraftSource, EntityDraft } from './draft-model';
import { FILE_NAMES } from './draft-model';
import { guessLastModified } from './last-modified-rule';
import { guessStatus } from './status-rule';

/** courses: the course catalogue; org (required) is the school the course table references. */
export function draftCourses(context: DraftContext): EntityDraft {
  const facts = context.tableOf('course');
  if (!facts) return { entity: 'courses', leftOut: 'no table looks like a course catalogue (a title and a course number)' };
  const aliases = new AliasPicker();
  const alias = aliases.pick(facts.name, 'C');
  const sourcedId = context.idTemplate(facts, alias);
  const title = facts.firstOnly('name', ['subject', 'typeCode']);
  const school = context.tableOf('school');
  const org = school && context.refTemplate(facts, alias, school);
  if (!sourcedId || !title || !org) {
    const why = !sourcedId ? 'it has no primary key' : !title ? 'it has no title column' : 'it does not reference the school table, and courses.org is required';
    return { entity: 'courses', leftOut: `${facts.name} looks like courses but ${why}` };
  }
  const key = context.keyOf(facts)!;
  const status = guessStatus(context.profile, facts, alias);
  const fields: DraftField[] = [{ name: 'sourcedId', value: { template: sourcedId }, guess: key.guess ?? `the primary key ${key.columns.join(', ')} of ${facts.name}` }];
  if (status.status) fields.push({ name: 'status', ...status.status });
  const lastModified = guessLastModified({ facts, alias });
  if (lastModified) fields.push({ name: 'dateLastModified', ...lastModified });
  fields.push({ name: 'title', value: `${alias}.${title.name}`, guess: `${title.name} looks like the course title` });
  const number = facts.first('courseNumber');
  fields.push(
    number
      ? { name: 'courseCode', value: `${alias}.${number.name}`, guess: `${number.name} looks like the course number` }
      : { name: 'courseCode', value: { template: key.columns.map((column) => `{${alias}.${column}}`).join('-') }, guess: 'no course number column: the key stands in' },
  );
  const grades = gradeListField(facts, alias);
  if (grades) fields.push(grades);
  const subjects = subjectFields(context, facts, alias, aliases.pick('SUBJ', 'SJ'));
  fields.push(...subjects.fields);
  fields.push({ name: 'org', value: { template: org.template }, guess: `the school offering the course: ${org.because}` });
  const source: DraftSource = {
    name: 'courses',
    table: facts.name,
    alias,
    guess: context.sourceGuess(facts.name),
    joins: subjects.join ? [subjects.join] : [],
    where: status.served,
    fields,
    unmapped: [],
  };
  return {
    entity: 'courses',
    file: {
      entity: 'courses',
      fileName: FILE_NAMES.courses,
      summary: [`Courses from ${facts.name}.`],
      ...(lastModified ? {} : { tracking: { lastModified: true, guess: `${facts.name} has no last-modified column: the snapshot pass dates courses when their content changes` } }),
      sources: [source],
      notes: [],
    },
  };
}
