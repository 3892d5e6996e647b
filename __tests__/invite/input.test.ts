// Who the invite CLI is asked to invite, from arguments or a CSV file (lib/invite/input.ts): the
// whole input is checked before anything is sent, so every problem must be reported at once,
// each with the row (as a spreadsheet numbers it, the header being row 1) or argument it is
// on, and a result with problems must carry no invitees at all.
import { addressesFromArguments, describeProblems, inviteesFromCsv } from "../../lib/invite/input";

const FILE = "people.csv";
const NO_RULES = { skipEmailDomains: [] };
/** As an environment file may list it: a domain, no `@`, in any case. */
const SKIP_RULES = { skipEmailDomains: ["Test.Example"] };
const BOM = "\ufeff";
const NOT_AN_ADDRESS = "must be an email address such as support@example.com";
const SKIPPED =
  "test.example is listed in invite.skipEmailDomains, so the invite Action would send no invitation";
const HEADER_COLUMNS = "email, name, given_name, family_name, language (email required)";
/** The columns of the name tests: every one but the language. */
const NAME_COLUMNS = "email,name,given_name,family_name";

/** CSV text with CRLF line ends, as spreadsheets export it. */
const csv = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;

describe("a valid CSV file", () => {
  it("gives one invitee per row, names as written, emails in lower case", () => {
    const text =
      BOM +
      csv(
        "Email,Name,Given_Name,FAMILY_NAME",
        "Ada.Lovelace@Example.COM,Ada Lovelace,Ada,Lovelace",
        "",
        ' grace@example.org , "Hopper, Grace" ,Grace,"Hopper, Rear Admiral"',
        ",,,",
        '"alan@example.net","Alan ""Prof"" Turing",Alan,Turing',
        "",
        ",,,",
      );
    expect(inviteesFromCsv(FILE, text, NO_RULES)).toEqual({
      invitees: [
        {
          email: "ada.lovelace@example.com",
          name: "Ada Lovelace",
          given_name: "Ada",
          family_name: "Lovelace",
        },
        {
          email: "grace@example.org",
          name: "Hopper, Grace",
          given_name: "Grace",
          family_name: "Hopper, Rear Admiral",
        },
        {
          email: "alan@example.net",
          name: 'Alan "Prof" Turing',
          given_name: "Alan",
          family_name: "Turing",
        },
      ],
    });
  });

  it("needs only the email column, in any position, and leaves empty names out", () => {
    const text = "given_name,email\nAda,ada@example.com\n,grace@example.org\n";
    expect(inviteesFromCsv(FILE, text, NO_RULES)).toEqual({
      invitees: [{ email: "ada@example.com", given_name: "Ada" }, { email: "grace@example.org" }],
    });
  });

  it("keeps names at Auth0's length limits", () => {
    const name = "n".repeat(300);
    const givenName = "g".repeat(150);
    const familyName = "f".repeat(150);
    const text = csv(NAME_COLUMNS, `ada@example.com,${name},${givenName},${familyName}`);
    expect(inviteesFromCsv(FILE, text, NO_RULES)).toEqual({
      invitees: [
        { email: "ada@example.com", name, given_name: givenName, family_name: familyName },
      ],
    });
  });

  it("accepts an address whose domain only contains a skipped domain", () => {
    const text = csv("email", "ada@qa.test.example", "ada@test.example.org");
    expect(inviteesFromCsv(FILE, text, SKIP_RULES)).toEqual({
      invitees: [{ email: "ada@qa.test.example" }, { email: "ada@test.example.org" }],
    });
  });
});

describe("the language column", () => {
  const RULES = { skipEmailDomains: [], languages: ["en", "de", "fr"] };

  it("gives each invitee the row's language as a canonical BCP 47 tag, and none for an empty cell", () => {
    const text = csv(
      "email,language",
      "ada@example.com,de-at",
      "grace@example.org,FR",
      "alan@example.net,",
    );
    expect(inviteesFromCsv(FILE, text, RULES)).toEqual({
      invitees: [
        { email: "ada@example.com", language: "de-AT" },
        { email: "grace@example.org", language: "fr" },
        { email: "alan@example.net" },
      ],
    });
  });

  it("gives the rows without one the --language, and reports a bad --language as the option's", () => {
    const text = csv("email,language", "ada@example.com,de", "alan@example.net,");
    expect(inviteesFromCsv(FILE, text, { ...RULES, language: "fr-CA" })).toEqual({
      invitees: [
        { email: "ada@example.com", language: "de" },
        { email: "alan@example.net", language: "fr-CA" },
      ],
    });
    expect(inviteesFromCsv(FILE, text, { ...RULES, language: "es" })).toEqual({
      problems: [
        '--language: language "es" is not one the environment serves (languages: en, de, fr); its users would get the default, en',
      ],
    });
  });

  it("reports a tag that is not BCP 47 and a language the environment does not serve, with the row", () => {
    const text = csv("email,language", "ada@example.com,deutsch!", "alan@example.net,it-CH");
    expect(inviteesFromCsv(FILE, text, RULES)).toEqual({
      problems: [
        `${FILE}: row 2: language "deutsch!" is not a BCP 47 language tag such as de or de-AT`,
        `${FILE}: row 3: language "it-CH" is not one the environment serves (languages: en, de, fr); its users would get the default, en`,
      ],
    });
  });
});

describe("a CSV file with problems in its rows", () => {
  const ROWS = 500;
  const LONG_GIVEN_NAME = "G".repeat(151);
  /** Rows 2..501, numbered as a spreadsheet shows them; a few with a problem. */
  const cells = (row: number): string => {
    switch (row) {
      case 2:
        return `person2@example.com,Ada Lovelace,Ada,"Love\tlace"`;
      case 77:
        return "person77.example.com,,,";
      case 120:
        return "Person12@EXAMPLE.com,,,";
      case 250:
        return "PERSON12@example.COM,Someone Else,,";
      case 300:
        return "person300@,,,";
      case 404:
        return "Tester@Test.Example,Tester,,";
      case 455:
        return `person455@example.com,,${LONG_GIVEN_NAME},`;
      case 501:
        return "person501@example.com,Ada\u202eecalevoL,,";
      default:
        return `person${row}@example.com,Person ${row},Person,${row}`;
    }
  };
  const text = csv(NAME_COLUMNS, ...Array.from({ length: ROWS }, (_, index) => cells(index + 2)));

  it("reports every problem with its row and returns no invitees", () => {
    expect(inviteesFromCsv(FILE, text, SKIP_RULES)).toEqual({
      problems: [
        `${FILE}: row 2: family_name "Love\\tlace": must be a family_name without control characters (tabs, line breaks)`,
        `${FILE}: row 77: email "person77.example.com" ${NOT_AN_ADDRESS}`,
        `${FILE}: row 120: person12@example.com is also on row 12`,
        `${FILE}: row 250: person12@example.com is also on row 12`,
        `${FILE}: row 300: email "person300@" ${NOT_AN_ADDRESS}`,
        `${FILE}: row 404: tester@test.example: ${SKIPPED}`,
        `${FILE}: row 455: given_name "${LONG_GIVEN_NAME}": must be at most 150 characters`,
        `${FILE}: row 501: name "Ada\u202eecalevoL": must not contain invisible formatting characters (U+202E at position 4): they make a name read differently from what it is`,
      ],
    });
  });

  it("gives all 500 invitees once the problems are fixed", () => {
    const fixed = csv(
      NAME_COLUMNS,
      ...Array.from({ length: ROWS }, (_, index) => `person${index + 2}@example.com,,,`),
    );
    const result = inviteesFromCsv(FILE, fixed, SKIP_RULES);
    expect("invitees" in result && result.invitees.length).toBe(ROWS);
  });

  it("reports a row with too few or too many cells and still checks the others", () => {
    const result = inviteesFromCsv(
      FILE,
      csv("email,name", "ada@example.com", "grace@example.org,Grace,Hopper", "not-an-address,Alan"),
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: row 2: has 1 cell, the header 2`,
        `${FILE}: row 3: has 3 cells, the header 2`,
        `${FILE}: row 4: email "not-an-address" ${NOT_AN_ADDRESS}`,
      ],
    });
  });

  it("reports an empty email cell and a name of only spaces", () => {
    const result = inviteesFromCsv(
      FILE,
      csv("email,name", ",Ada", 'ada@example.com,"   "'),
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: row 2: email is empty`,
        `${FILE}: row 3: name "   ": must be a non-empty name`,
      ],
    });
  });

  it("numbers a row after a quoted line break as one spreadsheet row", () => {
    const result = inviteesFromCsv(
      FILE,
      csv("email,name", 'ada@example.com,"Ada\nLovelace"', "not-an-address,Alan"),
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: row 2: name "Ada\\nLovelace": must be a name without control characters (tabs, line breaks)`,
        `${FILE}: row 3: email "not-an-address" ${NOT_AN_ADDRESS}`,
      ],
    });
  });

  it("counts a row of only commas as a row, as a spreadsheet shows it", () => {
    const result = inviteesFromCsv(FILE, csv("email,name", ",", "not-an-address,Ada"), NO_RULES);
    expect(result).toEqual({
      problems: [`${FILE}: row 3: email "not-an-address" ${NOT_AN_ADDRESS}`],
    });
  });

  // At the time of writing the blank line is not counted (csv-parse's skip_empty_lines drops it
  // before rows are numbered), so the message says row 2.
  it("counts a blank line as a row, as a spreadsheet shows it", () => {
    const result = inviteesFromCsv(FILE, csv("email,name", "", "not-an-address,Ada"), NO_RULES);
    expect(result).toEqual({
      problems: [`${FILE}: row 3: email "not-an-address" ${NOT_AN_ADDRESS}`],
    });
  });
});

describe("a CSV file with problems in its header", () => {
  it("names an unknown column as written, with the columns allowed", () => {
    const result = inviteesFromCsv(FILE, csv("email,Phone", "ada@example.com,123"), NO_RULES);
    expect(result).toEqual({
      problems: [
        `${FILE}: row 1 (header): unknown column "Phone"; the columns are ${HEADER_COLUMNS}`,
      ],
    });
  });

  it("still checks the rows under a header whose only problem is an unknown column", () => {
    const result = inviteesFromCsv(
      FILE,
      csv("email,Phone", "ada@example.com,123", "not-an-address,456"),
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: row 1 (header): unknown column "Phone"; the columns are ${HEADER_COLUMNS}`,
        `${FILE}: row 3: email "not-an-address" ${NOT_AN_ADDRESS}`,
      ],
    });
  });

  it("reports a column named twice, whatever its case", () => {
    const result = inviteesFromCsv(FILE, csv("email,name,Name", "ada@example.com,A,B"), NO_RULES);
    expect(result).toEqual({
      problems: [`${FILE}: row 1 (header): column "name" appears twice`],
    });
  });

  it("reports a missing email column with an example header", () => {
    const result = inviteesFromCsv(FILE, csv("name,given_name", "Ada Lovelace,Ada"), NO_RULES);
    expect(result).toEqual({
      problems: [
        `${FILE}: row 1 (header): no email column; the first row must name the columns, such as: email,name,given_name,family_name,language`,
      ],
    });
  });

  it("reports every header problem and, without a usable email column, does not check the rows", () => {
    const result = inviteesFromCsv(
      FILE,
      csv("e-mail,name,name", "not-an-address,Ada,Ada", "x"),
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: row 1 (header): unknown column "e-mail"; the columns are ${HEADER_COLUMNS}`,
        `${FILE}: row 1 (header): column "name" appears twice`,
        `${FILE}: row 1 (header): no email column; the first row must name the columns, such as: email,name,given_name,family_name,language`,
      ],
    });
  });

  it("reports a header with no rows under it", () => {
    const expected = { problems: [`${FILE}: has a header row but no invitees`] };
    expect(inviteesFromCsv(FILE, csv("email,name"), NO_RULES)).toEqual(expected);
    expect(inviteesFromCsv(FILE, csv("email,name", "", ",", " , "), NO_RULES)).toEqual(expected);
  });

  it("reports an empty file, or one of blank lines and commas, as empty", () => {
    const expected = {
      problems: [
        `${FILE}: is empty; expected a header row with email and then one row per invitee`,
      ],
    };
    expect(inviteesFromCsv(FILE, "", NO_RULES)).toEqual(expected);
    expect(inviteesFromCsv(FILE, BOM, NO_RULES)).toEqual(expected);
    expect(inviteesFromCsv(FILE, "\r\n\n  \r\n", NO_RULES)).toEqual(expected);
    expect(inviteesFromCsv(FILE, csv(",,,", ",,,"), NO_RULES)).toEqual(expected);
  });
});

describe("a file that is not valid CSV", () => {
  it("names the file and the line of an unclosed quote", () => {
    const result = inviteesFromCsv(
      FILE,
      'email,name\nada@example.com,Ada\ngrace@example.org,"Grace',
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: line 3: Quote Not Closed: the parsing is finished with an opening quote at line 3`,
      ],
    });
  });
});

describe("addresses given as arguments", () => {
  it("all get the --language, written canonically", () => {
    expect(
      addressesFromArguments(["ada@example.com", "alan@example.net"], {
        skipEmailDomains: [],
        languages: ["en", "de"],
        language: "DE",
      }),
    ).toEqual({
      invitees: [
        { email: "ada@example.com", language: "de" },
        { email: "alan@example.net", language: "de" },
      ],
    });
  });

  it("gives them in order, trimmed and in lower case", () => {
    expect(addressesFromArguments(["Ada@Example.COM", " grace@example.org "], NO_RULES)).toEqual({
      invitees: [{ email: "ada@example.com" }, { email: "grace@example.org" }],
    });
  });

  it("reports a repeated address with the argument it repeats, whatever its case", () => {
    const result = addressesFromArguments(
      ["ada@example.com", "grace@example.org", "ADA@example.com"],
      NO_RULES,
    );
    expect(result).toEqual({ problems: ["argument 3: ada@example.com is also argument 1"] });
  });

  it("reports an invalid or empty address with its position", () => {
    const result = addressesFromArguments(
      ["ada@example.com", "ada.example.com", "", "ada@localhost"],
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `argument 2: email "ada.example.com" ${NOT_AN_ADDRESS}`,
        "argument 3: email is empty",
        `argument 4: email "ada@localhost" ${NOT_AN_ADDRESS}`,
      ],
    });
  });

  it("reports an address in a skipped domain, whatever the case of either", () => {
    const result = addressesFromArguments(
      ["ada@example.com", "Tester@TEST.example", "qa@qa.test.example"],
      SKIP_RULES,
    );
    expect(result).toEqual({ problems: [`argument 2: tester@test.example: ${SKIPPED}`] });
  });

  it("reports a skipped domain listed in lower case too", () => {
    const result = addressesFromArguments(["tester@Test.Example"], {
      skipEmailDomains: ["other.example", "test.example"],
    });
    expect(result).toEqual({ problems: [`argument 1: tester@test.example: ${SKIPPED}`] });
  });
});

describe("the message for problems", () => {
  it("lists a single problem and says nothing was sent", () => {
    expect(describeProblems(["argument 1: email is empty"])).toBe(
      "1 problem in the input; nothing was sent:\n  - argument 1: email is empty",
    );
  });

  it("lists every problem, however many there are", () => {
    const problems = Array.from({ length: 500 }, (_, i) => `problem ${i + 1}`);
    const lines = describeProblems(problems).split("\n");
    expect(lines).toEqual([
      "500 problems in the input; nothing was sent:",
      ...problems.map((p) => `  - ${p}`),
    ]);
  });
});
