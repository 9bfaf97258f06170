-- "Riverbend": a second SIS, shaped unlike the demo's, for the worked example in README.md here.
--
-- One person table for students, staff and guardians (a type code says which), surrogate integer
-- keys, every code list in one lookup table, years and terms in one calendar table with a parent
-- key, e-mails and phones as rows of a contact table, `modified_at` timestamps and `is_deleted`
-- soft-delete bits.
--
-- Portable DDL: runs unchanged on SQLite, PostgreSQL and MariaDB/MySQL (10.10+ / 8.0, where
-- TIMESTAMP columns get no automatic defaults). Names are lower case so PostgreSQL's folding of
-- unquoted names and the adapter's quoting agree. Timestamps are wall-clock times in the
-- district's zone (the adapter's source.timezone), as a SIS writes them.

CREATE TABLE code_value (
  code_id     INTEGER     NOT NULL PRIMARY KEY,
  category    VARCHAR(30) NOT NULL,            -- person_type, org_type, calendar_type, grade, ...
  code        VARCHAR(20) NOT NULL,            -- stable across installations, unlike code_id
  label       VARCHAR(80) NOT NULL,
  state_code  VARCHAR(10) NULL,                -- the state reporting code, where there is one
  UNIQUE (category, code)
);

CREATE TABLE organization (
  org_id         INTEGER     NOT NULL PRIMARY KEY,
  parent_org_id  INTEGER     NULL REFERENCES organization (org_id),
  org_type_id    INTEGER     NOT NULL REFERENCES code_value (code_id),   -- org_type: DIST, SCH
  name           VARCHAR(80) NOT NULL,
  state_org_id   VARCHAR(20) NULL,
  nces_id        VARCHAR(12) NULL,
  is_deleted     SMALLINT    NOT NULL DEFAULT 0,
  modified_at    TIMESTAMP   NULL
);

CREATE TABLE calendar (
  calendar_id         INTEGER     NOT NULL PRIMARY KEY,
  parent_calendar_id  INTEGER     NULL REFERENCES calendar (calendar_id),   -- a term's year, a quarter's semester
  org_id              INTEGER     NOT NULL REFERENCES organization (org_id),
  calendar_type_id    INTEGER     NOT NULL REFERENCES code_value (code_id), -- calendar_type: YEAR, SEM, QTR
  name                VARCHAR(60) NOT NULL,
  school_year         SMALLINT    NOT NULL,                                 -- the year the school year ends in
  start_date          DATE        NOT NULL,
  end_date            DATE        NOT NULL,
  is_deleted          SMALLINT    NOT NULL DEFAULT 0,
  modified_at         TIMESTAMP   NULL
);

CREATE TABLE person (
  person_id       INTEGER     NOT NULL PRIMARY KEY,
  person_type_id  INTEGER     NOT NULL REFERENCES code_value (code_id),   -- person_type: STU, STF, GRD
  home_org_id     INTEGER     NULL REFERENCES organization (org_id),      -- a student's or staff member's school
  local_id        VARCHAR(20) NOT NULL,                                   -- student or employee number
  state_id        VARCHAR(20) NULL,
  first_name      VARCHAR(40) NOT NULL,
  middle_name     VARCHAR(40) NULL,
  last_name       VARCHAR(60) NOT NULL,
  preferred_name  VARCHAR(40) NULL,
  birth_date      DATE        NULL,
  gender          CHAR(1)     NULL,                                       -- M, F, X
  grade_id        INTEGER     NULL REFERENCES code_value (code_id),       -- grade (students)
  staff_role_id   INTEGER     NULL REFERENCES code_value (code_id),       -- staff_role (staff)
  login_name      VARCHAR(60) NULL,
  is_active       SMALLINT    NOT NULL DEFAULT 1,
  is_deleted      SMALLINT    NOT NULL DEFAULT 0,
  created_at      TIMESTAMP   NOT NULL,
  modified_at     TIMESTAMP   NULL                                        -- NULL until the row is first edited
);

CREATE TABLE contact (
  contact_id       INTEGER      NOT NULL PRIMARY KEY,
  person_id        INTEGER      NOT NULL REFERENCES person (person_id),
  contact_type_id  INTEGER      NOT NULL REFERENCES code_value (code_id),  -- contact_type: EMAIL, HOME, MOBILE
  contact_value    VARCHAR(120) NOT NULL,
  is_primary       SMALLINT     NOT NULL DEFAULT 0,
  is_deleted       SMALLINT     NOT NULL DEFAULT 0,
  modified_at      TIMESTAMP    NULL
);

CREATE TABLE person_relationship (
  relationship_id       INTEGER   NOT NULL PRIMARY KEY,
  student_id            INTEGER   NOT NULL REFERENCES person (person_id),
  related_person_id     INTEGER   NOT NULL REFERENCES person (person_id),
  relationship_type_id  INTEGER   NOT NULL REFERENCES code_value (code_id), -- relationship: MOTHER, FATHER, GUARDIAN, GRANDPARENT, EMERGENCY
  priority              SMALLINT  NOT NULL,                                 -- 1: call first
  is_deleted            SMALLINT  NOT NULL DEFAULT 0,
  modified_at           TIMESTAMP NULL
);

CREATE TABLE staff_assignment (
  assignment_id  INTEGER   NOT NULL PRIMARY KEY,
  person_id      INTEGER   NOT NULL REFERENCES person (person_id),
  org_id         INTEGER   NOT NULL REFERENCES organization (org_id),
  is_primary     SMALLINT  NOT NULL DEFAULT 0,
  start_date     DATE      NOT NULL,
  end_date       DATE      NULL,
  modified_at    TIMESTAMP NULL
);

CREATE TABLE course (
  course_id      INTEGER     NOT NULL PRIMARY KEY,
  org_id         INTEGER     NOT NULL REFERENCES organization (org_id),
  course_number  VARCHAR(12) NOT NULL,
  title          VARCHAR(80) NOT NULL,
  subject_id     INTEGER     NULL REFERENCES code_value (code_id),      -- subject (state_code: SCED area)
  school_year    SMALLINT    NOT NULL,
  is_deleted     SMALLINT    NOT NULL DEFAULT 0,
  modified_at    TIMESTAMP   NULL
);

CREATE TABLE course_grade (
  course_id  INTEGER NOT NULL REFERENCES course (course_id),
  grade_id   INTEGER NOT NULL REFERENCES code_value (code_id),
  PRIMARY KEY (course_id, grade_id)
);

CREATE TABLE section (
  section_id    INTEGER     NOT NULL PRIMARY KEY,
  course_id     INTEGER     NOT NULL REFERENCES course (course_id),
  org_id        INTEGER     NOT NULL REFERENCES organization (org_id),
  calendar_id   INTEGER     NOT NULL REFERENCES calendar (calendar_id),  -- the year or semester it runs in
  section_code  VARCHAR(12) NOT NULL,
  room          VARCHAR(12) NULL,
  period        VARCHAR(12) NULL,
  is_homeroom   SMALLINT    NOT NULL DEFAULT 0,
  is_deleted    SMALLINT    NOT NULL DEFAULT 0,
  modified_at   TIMESTAMP   NULL
);

CREATE TABLE roster (
  roster_id       INTEGER   NOT NULL PRIMARY KEY,
  section_id      INTEGER   NOT NULL REFERENCES section (section_id),
  person_id       INTEGER   NOT NULL REFERENCES person (person_id),
  roster_role_id  INTEGER   NOT NULL REFERENCES code_value (code_id),     -- roster_role: STUDENT, TEACHER, COTEACHER
  start_date      DATE      NOT NULL,
  end_date        DATE      NULL,                                         -- set when a student drops the section
  is_deleted      SMALLINT  NOT NULL DEFAULT 0,
  modified_at     TIMESTAMP NOT NULL
);

-- Deltas (dateLastModified>'…') compare these columns: index them.
CREATE INDEX ix_organization_modified ON organization (modified_at);
CREATE INDEX ix_calendar_modified ON calendar (modified_at);
CREATE INDEX ix_person_modified ON person (modified_at);
CREATE INDEX ix_person_created ON person (created_at);
CREATE INDEX ix_course_modified ON course (modified_at);
CREATE INDEX ix_section_modified ON section (modified_at);
CREATE INDEX ix_roster_modified ON roster (modified_at);
-- Child lists and related-row lookups (agents, orgs, e-mails, terms) go through these.
CREATE INDEX ix_contact_person ON contact (person_id);
CREATE INDEX ix_relationship_student ON person_relationship (student_id);
CREATE INDEX ix_relationship_related ON person_relationship (related_person_id);
CREATE INDEX ix_assignment_person ON staff_assignment (person_id);
CREATE INDEX ix_calendar_parent ON calendar (parent_calendar_id);
CREATE INDEX ix_organization_parent ON organization (parent_org_id);
CREATE INDEX ix_roster_section ON roster (section_id);
CREATE INDEX ix_roster_person ON roster (person_id);
