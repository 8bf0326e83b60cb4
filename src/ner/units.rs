//! A number followed by a unit of measure or a currency is one QUANTITY or MONEY entity
//! ("200 hectares", "10.6 million Irish punts"), not a CARDINAL and a loose word.
//!
//! The model learns this for common units ("miles", "tons", "dollars") but leaves rarer ones
//! outside the entity ("61 hectares" came out as CARDINAL "61"). In OntoNotes train a
//! CARDINAL is followed by one of these words 19 times, while 732 QUANTITY entities end in
//! one, so the rule only acts where the tagger chose CARDINAL and the unit word is right
//! after it. Works on token ranges (`Mention`), before entities get their offsets.

use super::Mention;
use crate::text::Token;

/// Units of measure (lower case). "pounds" is here, not among the currencies: in OntoNotes
/// train a number of pounds is a QUANTITY 23 times and MONEY 10 times.
const UNITS: &[&str] = &[
    "acre",
    "acres",
    "barrel",
    "barrels",
    "bushel",
    "bushels",
    "calories",
    "carats",
    "centimeter",
    "centimeters",
    "centimetre",
    "centimetres",
    "cm",
    "degree",
    "degrees",
    "feet",
    "foot",
    "ft",
    "gallon",
    "gallons",
    "gigabyte",
    "gigabytes",
    "gram",
    "grams",
    "hectare",
    "hectares",
    "inch",
    "inches",
    "kg",
    "kilo",
    "kilobyte",
    "kilobytes",
    "kilogram",
    "kilograms",
    "kilometer",
    "kilometers",
    "kilometre",
    "kilometres",
    "kilos",
    "kilowatts",
    "km",
    "kms",
    "knots",
    "kv",
    "lb",
    "lbs",
    "liter",
    "liters",
    "litre",
    "litres",
    "megabyte",
    "megabytes",
    "megawatts",
    "meter",
    "meters",
    "metre",
    "metres",
    "mile",
    "miles",
    "millimeter",
    "millimeters",
    "mm",
    "mph",
    "ounce",
    "ounces",
    "oz",
    "pound",
    "pounds",
    "terabytes",
    "ton",
    "tonne",
    "tonnes",
    "tons",
    "volts",
    "watts",
    "yard",
    "yards",
];

/// Words that may stand between the number and the unit ("200 square kilometers").
const UNIT_PREFIXES: &[&str] = &["square", "cubic"];

/// Currencies (lower case). "won" and "mark" are left out: after a number they are too
/// often the verb and the name ("3 won", "Mark").
const CURRENCIES: &[&str] = &[
    "cent", "cents", "dinar", "dinars", "dollar", "dollars", "drachma", "drachmas", "euro",
    "euros", "franc", "francs", "guilders", "kronor", "lira", "lire", "marks", "pence", "penny",
    "pennies", "pesetas", "peso", "pesos", "punts", "quid", "rand", "renminbi", "riyals", "rmb",
    "rouble", "roubles", "ruble", "rubles", "rupee", "rupees", "shekels", "sterling", "yen",
    "yuan",
];

/// Capitalised words that may name the currency's country ("Irish punts", "New Taiwan
/// dollars", "Hong Kong dollars"): at most this many.
const MAX_COUNTRY_WORDS: usize = 3;

/// Extends each CARDINAL mention over a unit or currency right after it and relabels it.
pub fn attach_units(text: &str, tokens: &[Token], mentions: &mut [Mention]) {
    for i in 0..mentions.len() {
        if mentions[i].label != "CARDINAL" {
            continue;
        }
        // The next mention's start bounds the extension: entities never overlap.
        let limit = mentions
            .get(i + 1)
            .map_or(tokens.len(), |m| m.tok_start)
            .min(tokens.len());
        if let Some((end, label)) = unit_after(text, tokens, mentions[i].tok_end, limit) {
            mentions[i].tok_end = end;
            mentions[i].label = label;
        }
    }
}

/// Currencies that are also the names of companies or people ("Marks" of Marks & Spencer,
/// the Rand Corporation, "Penny"): left to the tagger.
const NAME_LIKE_CURRENCIES: &[&str] = &["marks", "penny", "rand", "sterling"];

/// Drops a currency's name tagged alone as a place, nationality or organisation ("the Ruble
/// fell against the Yuan"): a currency is not a name. In OntoNotes train the other words of
/// `CURRENCIES`, capitalised, stand alone 131 times and are never tagged GPE, NORP or ORG
/// ("Yuan" is sometimes a person, which stays).
pub fn drop_lone_currencies(text: &str, tokens: &[Token], mentions: &mut Vec<Mention>) {
    let currency = |w: &str| listed(CURRENCIES, w) && !listed(NAME_LIKE_CURRENCIES, w);
    mentions.retain(|m| {
        let lone = m.tok_end == m.tok_start + 1 && m.tok_end <= tokens.len();
        !(lone
            && matches!(m.label, "GPE" | "LOC" | "NORP" | "ORG")
            && currency(tokens[m.tok_start].text(text)))
    });
}

/// Whether `w` is one of `list` (lower case words), in any case.
fn listed(list: &[&str], w: &str) -> bool {
    list.iter().any(|u| u.eq_ignore_ascii_case(w))
}

/// The end (exclusive token index) and label of a unit or currency phrase starting at token
/// `at`, if there is one before `limit`.
fn unit_after(
    text: &str,
    tokens: &[Token],
    at: usize,
    limit: usize,
) -> Option<(usize, &'static str)> {
    // Token `k` as written, when only spaces separate it from the token before: a line
    // break or punctuation ends the number.
    let word = |k: usize| -> Option<&str> {
        if k >= limit {
            return None;
        }
        let gap = &text[tokens[k - 1].bend..tokens[k].bstart];
        (!gap.is_empty() && gap.chars().all(|c| c == ' ')).then(|| tokens[k].text(text))
    };
    let first = word(at)?;
    if listed(UNITS, first) {
        return Some((at + 1, "QUANTITY"));
    }
    if listed(UNIT_PREFIXES, first) {
        return listed(UNITS, word(at + 1)?).then_some((at + 2, "QUANTITY"));
    }
    // A currency, after at most `MAX_COUNTRY_WORDS` capitalised words naming its country.
    for k in at..=at + MAX_COUNTRY_WORDS {
        let w = word(k)?;
        if listed(CURRENCIES, w) {
            return Some((k + 1, "MONEY"));
        }
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;
    use crate::text;

    /// The mentions after `attach_units`, as (text, label), for a CARDINAL on `number`.
    fn run(t: &str, number: &str) -> Vec<(String, &'static str)> {
        let tokens = text::tokenize(t);
        let k = tokens.iter().position(|x| x.text(t) == number).unwrap();
        let mut m = vec![Mention {
            tok_start: k,
            tok_end: k + 1,
            label: "CARDINAL",
            score: 0.9,
            source: Source::Model,
        }];
        attach_units(t, &tokens, &mut m);
        m.iter()
            .map(|m| {
                let (a, b) = (tokens[m.tok_start].bstart, tokens[m.tok_end - 1].bend);
                (t[a..b].to_string(), m.label)
            })
            .collect()
    }

    #[test]
    fn units_and_currencies_join_the_number() {
        let q = |s: &str, l| vec![(s.to_string(), l)];
        assert_eq!(
            run("It covers 61 hectares now.", "61"),
            q("61 hectares", "QUANTITY")
        );
        assert_eq!(
            run("about 200 square kilometers of land", "200"),
            q("200 square kilometers", "QUANTITY")
        );
        assert_eq!(
            run("a loss of 14 Irish punts .", "14"),
            q("14 Irish punts", "MONEY")
        );
        assert_eq!(
            run("paid 500 New Taiwan Dollars today", "500"),
            q("500 New Taiwan Dollars", "MONEY")
        );
        assert_eq!(run("Ça coûte 38 yuan 🙂.", "38"), q("38 yuan", "MONEY"));
    }

    #[test]
    fn a_currency_alone_is_not_a_place() {
        let t = "The Ruble fell against the Yuan, said Yuan.";
        let tokens = text::tokenize(t);
        let at = |w: &str, n: usize| {
            tokens
                .iter()
                .enumerate()
                .filter(|(_, x)| x.text(t) == w)
                .nth(n)
                .unwrap()
                .0
        };
        let m = |k: usize, label| Mention {
            tok_start: k,
            tok_end: k + 1,
            label,
            score: 0.3,
            source: Source::Model,
        };
        let mut ms = vec![
            m(at("Ruble", 0), "GPE"),
            m(at("Yuan", 0), "NORP"),
            m(at("Yuan", 1), "PERSON"),
        ];
        drop_lone_currencies(t, &tokens, &mut ms);
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].label, "PERSON");
    }

    #[test]
    fn other_words_and_line_breaks_leave_the_number_alone() {
        let same = |s: &str| vec![(s.to_string(), "CARDINAL")];
        assert_eq!(run("The 3 square tables.", "3"), same("3"));
        assert_eq!(run("They won 3 Grand Prix races.", "3"), same("3"));
        assert_eq!(run("Chapter 12\nMiles away", "12"), same("12"));
        assert_eq!(run("It was 12, miles away", "12"), same("12"));
        assert_eq!(run("Count: 12", "12"), same("12"));
    }
}
