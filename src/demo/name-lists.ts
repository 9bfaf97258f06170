/**
 * Embedded name lists so the demo needs no network and no data package. Plain ASCII, with a few
 * apostrophes and hyphens on purpose: they are what breaks hand-built SQL and naive CSV.
 */

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Olivia', 'Emma', 'Charlotte', 'Amelia', 'Sophia', 'Mia', 'Isabella', 'Ava', 'Evelyn', 'Luna',
  'Harper', 'Camila', 'Sofia', 'Scarlett', 'Elizabeth', 'Eleanor', 'Emily', 'Chloe', 'Mila', 'Violet',
  'Penelope', 'Gianna', 'Aria', 'Abigail', 'Ella', 'Avery', 'Hazel', 'Nora', 'Layla', 'Lily',
  'Aurora', 'Nova', 'Ellie', 'Madison', 'Grace', 'Isla', 'Willow', 'Zoe', 'Riley', 'Stella',
  'Zoey', 'Victoria', 'Emilia', 'Everly', 'Hannah', 'Lucy', 'Natalie', 'Leah', 'Maya', 'Addison',
  'Paisley', 'Naomi', 'Alice', 'Kinsley', 'Ruby', 'Aaliyah', 'Valentina', 'Ximena', 'Maria', 'Guadalupe',
  'Mei', 'Yuki', 'Priya', 'Ananya', 'Fatima', 'Aisha', 'Nguyen Thi', 'Linh', 'Jasmine', 'Destiny',
  'Imani', 'Keisha', 'Tamika', 'Rosa', 'Carmen', 'Lucia', 'Julia', 'Anna', 'Sarah', 'Rachel',
  'Rebecca', 'Megan', 'Jennifer', 'Jessica', 'Ashley', 'Amanda', 'Stephanie', 'Nicole', 'Michelle', 'Laura',
  'Mary-Kate', 'Anne-Marie', "Ja'Nae", "D'Asia", 'Siobhan', 'Niamh', 'Saoirse', 'Ingrid', 'Astrid', 'Freya',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'Liam', 'Noah', 'Oliver', 'James', 'Elijah', 'William', 'Henry', 'Lucas', 'Benjamin', 'Theodore',
  'Mateo', 'Levi', 'Sebastian', 'Daniel', 'Jack', 'Michael', 'Alexander', 'Owen', 'Asher', 'Samuel',
  'Ethan', 'Leo', 'Jackson', 'Mason', 'Ezra', 'John', 'Hudson', 'Luca', 'Aiden', 'Joseph',
  'David', 'Jacob', 'Logan', 'Luke', 'Julian', 'Gabriel', 'Grayson', 'Wyatt', 'Matthew', 'Maverick',
  'Dylan', 'Isaac', 'Elias', 'Anthony', 'Thomas', 'Jayden', 'Carter', 'Santiago', 'Ezekiel', 'Charles',
  'Josiah', 'Caleb', 'Cooper', 'Lincoln', 'Miles', 'Christopher', 'Nathan', 'Isaiah', 'Kai', 'Ryan',
  'Jose', 'Juan', 'Luis', 'Carlos', 'Miguel', 'Diego', 'Alejandro', 'Wei', 'Hiroshi', 'Arjun',
  'Rohan', 'Mohammed', 'Omar', 'Ali', 'Minh', 'Tuan', 'Jamal', 'DeShawn', 'Tyrone', 'Malik',
  'Robert', 'Richard', 'Joshua', 'Andrew', 'Kevin', 'Brian', 'Steven', 'Timothy', 'Jason', 'Eric',
  'Jean-Luc', 'Jean-Paul', "D'Andre", "De'Von", 'Sean', 'Padraig', 'Ciaran', 'Lars', 'Erik', 'Soren',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Tran', 'Le', 'Pham', 'Singh', 'Shah',
  'Khan', 'Ahmed', 'Ali', 'Hassan', 'Yamamoto', 'Tanaka', 'Sato', 'Park', 'Choi', 'Kowalski',
  'Nowak', 'Schmidt', 'Mueller', 'Johansson', 'Larsen', 'Rossi', 'Russo', 'Novak', 'Ivanov', 'Petrov',
  "O'Brien", "O'Connor", "O'Neil", "D'Angelo", "DiMaggio", 'McDonald', 'MacLeod', 'Smith-Jones', 'Garcia-Lopez', 'Perez-Ortiz',
  'Van der Berg', 'De la Cruz', 'St. John', 'Washington', 'Jefferson', 'Blackfeather', 'Runningwater', 'Kealoha', 'Kahananui', 'Tuiasosopo',
];

export const STREET_NAMES: readonly string[] = [
  'Main St', 'Oak Ave', 'Maple St', 'Cedar Ln', 'Pine St', 'Elm St', 'Washington Blvd', 'Lake Dr',
  'Hill Rd', 'Park Ave', 'Sunset Blvd', 'River Rd', 'Church St', 'Mill Rd', 'Spring St', 'Highland Ave',
  'Meadow Ln', 'Forest Dr', 'Valley View Rd', 'Ridge Rd', 'Orchard Way', 'Willow Ct', 'Birch Ln', 'Chestnut St',
  'Walnut St', 'Sycamore Dr', 'Lincoln Ave', 'Jefferson St', 'Madison Ave', 'Monroe St', "King's Hwy", 'Old Mill Rd',
];

/** Towns the district's schools sit in; all in one state so addresses look like one district. */
export const DISTRICT_CITIES: readonly string[] = [
  'Lincoln', 'Fairview', 'Riverside', 'Oak Grove', 'Maple Heights', 'Cedar Falls', 'Springfield', 'Greenville',
];
export const DISTRICT_STATE = 'CA';

/** Birth places: [city, state] in the US. */
export const US_BIRTH_PLACES: ReadonlyArray<readonly [string, string]> = [
  ['Lincoln', 'CA'], ['Sacramento', 'CA'], ['Los Angeles', 'CA'], ['San Diego', 'CA'], ['Fresno', 'CA'],
  ['Oakland', 'CA'], ['San Jose', 'CA'], ['Phoenix', 'AZ'], ['Las Vegas', 'NV'], ['Portland', 'OR'],
  ['Seattle', 'WA'], ['Houston', 'TX'], ['Dallas', 'TX'], ['Chicago', 'IL'], ['New York', 'NY'],
  ['Miami', 'FL'], ['Atlanta', 'GA'], ['Denver', 'CO'], ['Honolulu', 'HI'], ["Coeur d'Alene", 'ID'],
];

/** Birth places abroad: [country, city]. */
export const FOREIGN_BIRTH_PLACES: ReadonlyArray<readonly [string, string]> = [
  ['MX', 'Guadalajara'], ['MX', 'Mexico City'], ['SV', 'San Salvador'], ['GT', 'Guatemala City'], ['PH', 'Manila'],
  ['VN', 'Ho Chi Minh City'], ['CN', 'Shanghai'], ['IN', 'Bengaluru'], ['KR', 'Seoul'], ['UA', 'Kyiv'],
];

/** Historical namesakes for school names, used in order. */
export const SCHOOL_NAMESAKES: readonly string[] = [
  'Lincoln', 'Washington', 'Jefferson', 'Roosevelt', 'Franklin', 'Kennedy', 'Adams', 'Madison', 'Monroe',
  'Hamilton', 'Jackson', 'Grant', 'Edison', 'Whitman', 'Twain', 'Emerson', 'Thoreau', 'Parks', 'King',
  'Chavez', 'Earhart', 'Curie', 'Carver', 'Tubman', 'Douglass', "O'Keeffe",
];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org', 'mail.example', 'home.example'];
