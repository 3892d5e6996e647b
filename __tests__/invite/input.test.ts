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
        `${FILE}: row 501: name "Ada\\u202eecalevoL": must not contain invisible formatting characters (U+202E at position 4): they make a name read differently from what it is`,
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
  it("names the row and cell of an unclosed quote, in its own words", () => {
    const result = inviteesFromCsv(
      FILE,
      'email,name\nada@example.com,Ada\ngrace@example.org,"Grace',
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: row 3, cell 2: a quoted cell has no closing quote ("), so the rest of the file would be one cell`,
      ],
    });
  });

  it("counts rows as a spreadsheet does when the quote opens further down", () => {
    const result = inviteesFromCsv(
      FILE,
      'email,name\n\nada@example.com,Ada\ngrace@example.org,"Grace\nalan@example.net,Alan\n',
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: row 4, cell 2: a quoted cell has no closing quote ("), so the rest of the file would be one cell`,
      ],
    });
  });

  it("names a quote inside a cell and text after a closing quote, with how to write them", () => {
    expect(inviteesFromCsv(FILE, 'email,name\nada@example.com,Ada "Countess"\n', NO_RULES)).toEqual(
      {
        problems: [
          `${FILE}: row 2, cell 2: a quote (") inside a cell; put the whole cell in quotes and write each quote in it twice ("")`,
        ],
      },
    );
    expect(inviteesFromCsv(FILE, 'email,name\nada@example.com,"Ada" Lovelace\n', NO_RULES)).toEqual(
      {
        problems: [
          `${FILE}: row 2, cell 2: text after a quoted cell's closing quote; put the whole cell in quotes and write each quote in it twice ("")`,
        ],
      },
    );
  });
});

describe("how a CSV file is encoded and separated", () => {
  it("reads UTF-8 bytes, names with letters beyond ASCII and emoji included", () => {
    const bytes = Buffer.from(csv("email,name", "ada@example.com,Zoë 👩‍💻 Lovelace"));
    expect(inviteesFromCsv(FILE, bytes, NO_RULES)).toEqual({
      invitees: [{ email: "ada@example.com", name: "Zoë 👩‍💻 Lovelace" }],
    });
  });

  it("refuses a byte that is not UTF-8, with its row, instead of a \ufffd in the name", () => {
    const bytes = Buffer.concat([
      Buffer.from("email,name\r\nada@example.com,Ada\r\ngrace@example.org,Gr"),
      Buffer.from([0xff]),
      Buffer.from("ce\r\n"),
    ]);
    expect(inviteesFromCsv(FILE, bytes, NO_RULES)).toEqual({
      problems: [
        `${FILE}: row 3: byte 0xFF is not UTF-8 (the file was saved in another encoding, such as Latin-1 or Windows-1252); save the file as UTF-8`,
      ],
    });
  });

  it("names the next row for a bad byte right after a line break", () => {
    const bytes = Buffer.concat([Buffer.from("email\r\nada@example.com\r\n"), Buffer.from([0xff])]);
    expect(inviteesFromCsv(FILE, bytes, NO_RULES)).toEqual({
      problems: [expect.stringMatching(/^people\.csv: row 3: byte 0xFF is not UTF-8/)],
    });
  });

  it("counts the row of a bad byte after a quoted line break as a spreadsheet does", () => {
    const bytes = Buffer.concat([
      Buffer.from('email,name\nada@example.com,"Ada\nLovelace"\ngrace@example.org,Gr'),
      Buffer.from([0xff]),
      Buffer.from("ce\n"),
    ]);
    expect(inviteesFromCsv(FILE, bytes, NO_RULES)).toEqual({
      problems: [expect.stringMatching(/^people\.csv: row 3: byte 0xFF is not UTF-8/)],
    });
  });

  it("refuses a UTF-16 file by name, instead of reading NUL bytes", () => {
    const bytes = Buffer.from(`\ufeff${csv("email", "ada@example.com")}`, "utf16le");
    expect(inviteesFromCsv(FILE, bytes, NO_RULES)).toEqual({
      problems: [`${FILE}: is UTF-16 (little-endian) encoded, not UTF-8; save the file as UTF-8`],
    });
  });

  it("reads a CRLF header above LF rows, as an edited export often is", () => {
    const text = "email,name\r\nada@example.com,Ada\ngrace@example.org,Grace\n";
    expect(inviteesFromCsv(FILE, text, NO_RULES)).toEqual({
      invitees: [
        { email: "ada@example.com", name: "Ada" },
        { email: "grace@example.org", name: "Grace" },
      ],
    });
  });

  it.each([
    ["semicolons", "email;name\nada@example.com;Ada\n", '"email;name" is separated by semicolons'],
    ["tabs", "email\tname\nada@example.com\tAda\n", '"email\\tname" is separated by tabs'],
  ])("refuses a file separated by %s, saying so", (_, text, said) => {
    expect(inviteesFromCsv(FILE, text, NO_RULES)).toEqual({
      problems: [
        `${FILE}: row 1 (header): the header ${said}, not commas: save it as "CSV UTF-8 (comma delimited)", or replace the delimiter with commas`,
      ],
    });
  });

  it("refuses a file that starts with a spreadsheet's sep= line, saying so", () => {
    expect(inviteesFromCsv(FILE, "sep=;\nemail;name\nada@example.com;Ada\n", NO_RULES)).toEqual({
      problems: [
        `${FILE}: row 1 (header): the first line "sep=;" is a spreadsheet's note of the delimiter, and the header must come first: save it as "CSV UTF-8 (comma delimited)", or replace the delimiter with commas`,
      ],
    });
    expect(inviteesFromCsv(FILE, "sep=,\nemail,name\nada@example.com,Ada\n", NO_RULES)).toEqual({
      problems: [
        `${FILE}: row 1 (header): the first line "sep=," is a spreadsheet's note of the delimiter, and the header must come first: remove that line`,
      ],
    });
  });

  it("names semicolons in a header whatever its columns are called", () => {
    expect(inviteesFromCsv(FILE, "E-Mail;Name\nada@example.com;Ada\n", NO_RULES)).toEqual({
      problems: [
        `${FILE}: row 1 (header): the header "E-Mail;Name" is separated by semicolons, not commas: save it as "CSV UTF-8 (comma delimited)", or replace the delimiter with commas`,
      ],
    });
  });
});

describe("what the problems quote is safe to print", () => {
  it("spells out an escape sequence in a header cell", () => {
    expect(
      inviteesFromCsv(FILE, csv("email,\u001b[2J\u001b[H", "ada@example.com,x"), NO_RULES),
    ).toEqual({
      problems: [
        `${FILE}: row 1 (header): unknown column "\\u001b[2J\\u001b[H"; the columns are ${HEADER_COLUMNS}`,
      ],
    });
  });

  it("spells out a bidi control in a name and an escape sequence in an address", () => {
    const result = inviteesFromCsv(
      FILE,
      csv("email,name", "ada@example.com,Ada\u202eecalevoL", "\u001b]0;x\u0007@example.com,Eve"),
      NO_RULES,
    );
    expect(result).toEqual({
      problems: [
        `${FILE}: row 2: name "Ada\\u202eecalevoL": must not contain invisible formatting characters (U+202E at position 4): they make a name read differently from what it is`,
        `${FILE}: row 3: email "\\u001b]0;x\\u0007@example.com" ${NOT_AN_ADDRESS}`,
      ],
    });
  });
});

describe("addresses given as arguments", () => {
  it("accepts punycode and hyphenated domains and the characters RFC 5322 allows", () => {
    expect(
      addressesFromArguments(
        [
          "ada@xn--bcher-kva.example",
          "grace@a--b.example.com",
          "o'brien@example.com",
          "-x@example.com",
        ],
        NO_RULES,
      ),
    ).toEqual({
      invitees: [
        { email: "ada@xn--bcher-kva.example" },
        { email: "grace@a--b.example.com" },
        { email: "o'brien@example.com" },
        { email: "-x@example.com" },
      ],
    });
  });

  it("refuses a domain in Unicode with its punycode form to write", () => {
    expect(addressesFromArguments(["ada@bücher.example"], NO_RULES)).toEqual({
      problems: [
        'argument 1: email "ada@bücher.example" must be written in ASCII: write the domain in its punycode form, ada@xn--bcher-kva.example',
      ],
    });
  });

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
