import { describedCodes } from './code-tables';
import { gradeListField, subjectFields } from './catalogue-fields';
import { AliasPicker, DraftContext } from './draft-context';
import type { DraftField, DraftJoin, DraftSource, EntityDraft, YamlValue } from './draft-model';
import { FILE_NAMES } from './draft-model';
import { withoutLastModified } from './draft-orgs';
import { guessLastModified } from './last-modified-rule';
import { guessStatus } from './status-rule';
import type { TableFacts } from './table-facts';
import { classTypeValue } from './vocabulary-guesses';

/**
 * classes: the section table, joined to its course (title, grades, subjects). course, school and
 * terms are required: a section table without a course reference, a school (its own or its
 * course's) or a way to its terms is left out with a note.
 */
export function draftClasses(context: DraftContext): EntityDraft {
  const facts = context.tableOf('section');
  if (!facts) return { entity: 'classes', leftOut: 'no table looks like sections/classes (a section number and a course reference)' };
  const aliases = new AliasPicker();
  const alias = aliases.pick(facts.name, 'K');
  const sourcedId = context.idTemplate(facts, alias);
  const courseTable = context.tableOf('course');
  const course = courseTable && context.refTemplate(facts, alias, courseTable);
  if (!sourcedId || !courseTable || !course) {
    return { entity: 'classes', leftOut: `${facts.name} looks like sections but ${!sourcedId ? 'has no primary key' : 'does not reference a course table, and classes.course is required'}` };
  }
  const joins: DraftJoin[] = [];
  const yearJoin = context.currentYearJoin(facts, alias, aliases.pick('YEAR', 'Y'));
  if (yearJoin) joins.push(yearJoin);
  const courseAlias = aliases.pick(courseTable.name, 'C');
  joins.push({ table: courseTable.name, alias: courseAlias, on: context.joinOn(facts, alias, courseTable, courseAlias)!, guess: `${facts.name}'s course: ${course.because}` });

  const school = schoolOf(context, facts, alias, courseTable, courseAlias);
  const terms = termsOf(context, facts, alias);
  if (!school || !terms) {
    return { entity: 'classes', leftOut: `${facts.name} looks like sections but ${!school ? 'neither it nor its course references the school table (classes.school is required)' : 'no term, year or section–term link was found (classes.terms is required)'}` };
  }

  const key = context.keyOf(facts)!;
  const status = guessStatus(context.profile, facts, alias);
  const fields: DraftField[] = [{ name: 'sourcedId', value: { template: sourcedId }, guess: key.guess ?? `the primary key ${key.columns.join(', ')} of ${facts.name}` }];
  if (status.status) fields.push({ name: 'status', ...status.status });
  const lastModified = guessLastModified({ facts, alias }, [{ facts: courseTable, alias: courseAlias }]);
  if (lastModified) fields.push({ name: 'dateLastModified', ...lastModified });
  fields.push(titleField(facts, alias, courseTable, courseAlias));
  const number = facts.first('sectionNumber');
  const courseNumber = courseTable.first('courseNumber');
  if (number) {
    fields.push({
      name: 'classCode',
      value: courseNumber ? { template: `{${courseAlias}.${courseNumber.name}}-{${alias}.${number.name}}` } : `${alias}.${number.name}`,
      guess: `${courseNumber ? `course number ${courseNumber.name} and ` : ''}section number ${number.name}`,
    });
  }
  fields.push(classTypeField(context, facts, alias));
  const room = facts.first('room');
  if (room) fields.push({ name: 'location', value: `${alias}.${room.name}`, guess: `${room.name} looks like the room` });
  const grades = gradeListField(courseTable, courseAlias);
  if (grades) fields.push({ ...grades, guess: `the course's ${grades.guess}` });
  const subjects = subjectFields(context, courseTable, courseAlias, aliases.pick('SUBJ', 'SJ'));
  if (subjects.join) joins.push(subjects.join);
  fields.push(...subjects.fields);
  fields.push({ name: 'course', value: { template: course.template }, guess: `the course: ${course.because}` });
  fields.push(school);
  fields.push(terms);
  const period = facts.first('period');
  if (period) {
    const listed = period.samples.some((sample) => sample.value.includes(','));
    fields.push({ name: 'periods', value: listed ? { split: `${alias}.${period.name}`, separator: ',' } : [`${alias}.${period.name}`], guess: `${period.name} looks like the period${listed ? 's, comma-separated' : ''}` });
  }
  const source: DraftSource = { name: 'sections', table: facts.name, alias, guess: context.sourceGuess(facts.name), joins, where: status.served, fields, unmapped: [] };
  return {
    entity: 'classes',
    file: {
      entity: 'classes',
      fileName: FILE_NAMES.classes,
      summary: [`Classes from ${facts.name}${yearJoin ? ' of the current school year' : ''}, with their course from ${courseTable.name}.`],
      ...(lastModified ? {} : { tracking: { lastModified: true, guess: `${facts.name} has no last-modified column: the snapshot pass dates classes when their content changes` } }),
      sources: [lastModified ? source : withoutLastModified(source)],
      notes: [],
    },
  };
}

function titleField(facts: TableFacts, alias: string, course: TableFacts, courseAlias: string): DraftField {
  const own = facts.firstOnly('name', ['typeCode', 'room']);
  if (own) return { name: 'title', value: `${alias}.${own.name}`, guess: `${own.name} looks like the section's title` };
  const courseTitle = course.firstOnly('name', ['subject', 'typeCode'])!;
  const number = facts.first('sectionNumber') ?? facts.first('period');
  const label = facts.first('sectionNumber') ? 'Section' : 'Period';
  return number
    ? { name: 'title', value: { concat: [`${courseAlias}.${courseTitle.name}`, { template: `${label} {${alias}.${number.name}}` }], separator: ' - ' }, guess: `the course title ${courseTitle.name} and the ${label.toLowerCase()} (${facts.name} has no title of its own)` }
    : { name: 'title', value: `${courseAlias}.${courseTitle.name}`, guess: `the course title ${courseTitle.name} (${facts.name} has no title of its own)` };
}

function classTypeField(context: DraftContext, facts: TableFacts, alias: string): DraftField {
  for (const column of facts.all('typeCode')) {
    const { codes, from } = describedCodes(context.profile, facts.table, column.name);
    const homeroom = [...codes].filter(([code, description]) => classTypeValue(code, description) === 'homeroom').map(([code]) => code);
    if (homeroom.length > 0) {
      return {
        name: 'classType',
        value: { map: `${alias}.${column.name}`, values: Object.fromEntries(homeroom.map((code) => [code, 'homeroom'])), default: 'scheduled' },
        guess: `${column.name} ${homeroom.join(', ')} ${homeroom.length > 1 ? 'look' : 'looks'} like homeroom (${from}); everything else is scheduled`,
      };
    }
  }
  return { name: 'classType', value: 'scheduled', guess: 'no homeroom type code found: every class is scheduled' };
}

function schoolOf(context: DraftContext, facts: TableFacts, alias: string, course: TableFacts, courseAlias: string): DraftField | undefined {
  const school = context.tableOf('school');
  if (!school) return undefined;
  const own = context.refTemplate(facts, alias, school) ?? context.refTemplate(course, courseAlias, school);
  return own ? { name: 'school', value: { template: own.template }, guess: `the school: ${own.because}` } : undefined;
}

/** The class's terms: a section–term link table, else a term reference on the section, else its school year. */
function termsOf(context: DraftContext, facts: TableFacts, alias: string): DraftField | undefined {
  const link = context.tableOf('sectionTerm');
  const term = context.tableOf('term');
  if (link && term) {
    const on = context.joinOn(link, 'ST', facts, alias);
    const value = context.refTemplate(link, 'ST', term);
    if (on && value) {
      const childOn: Record<string, YamlValue> = Object.fromEntries(Object.entries(on).map(([section, linkColumn]) => [linkColumn, section]));
      return { name: 'terms', value: { table: link.name, alias: 'ST', on: childOn, value: { template: value.template } }, guess: `the link table ${link.name} lists each section's terms` };
    }
  }
  const direct = term && context.refTemplate(facts, alias, term);
  if (direct) return { name: 'terms', value: [{ template: direct.template }], guess: `the section's term: ${direct.because}` };
  const year = context.tableOf('schoolYear');
  const byYear = year && context.refTemplate(facts, alias, year);
  if (byYear) return { name: 'terms', value: [{ template: byYear.template }], guess: `no term link found; the section's school year stands in: ${byYear.because}` };
  return undefined;
}
