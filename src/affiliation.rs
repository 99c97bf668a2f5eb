//! What copy says right after a politician's name to tell them apart: the party and state of a
//! member of Congress, as "(R-Ky.)", ", D-N.Y.," or "of Kentucky".

/// USPS code, AP abbreviation (`None` for states AP spells out) and full name of each state and
/// territory with a member of Congress.
const STATES: &[(&str, Option<&str>, &str)] = &[
    ("AL", Some("Ala."), "Alabama"),
    ("AK", None, "Alaska"),
    ("AZ", Some("Ariz."), "Arizona"),
    ("AR", Some("Ark."), "Arkansas"),
    ("CA", Some("Calif."), "California"),
    ("CO", Some("Colo."), "Colorado"),
    ("CT", Some("Conn."), "Connecticut"),
    ("DE", Some("Del."), "Delaware"),
    ("FL", Some("Fla."), "Florida"),
    ("GA", Some("Ga."), "Georgia"),
    ("HI", None, "Hawaii"),
    ("ID", None, "Idaho"),
    ("IL", Some("Ill."), "Illinois"),
    ("IN", Some("Ind."), "Indiana"),
    ("IA", None, "Iowa"),
    ("KS", Some("Kan."), "Kansas"),
    ("KY", Some("Ky."), "Kentucky"),
    ("LA", Some("La."), "Louisiana"),
    ("ME", None, "Maine"),
    ("MD", Some("Md."), "Maryland"),
    ("MA", Some("Mass."), "Massachusetts"),
    ("MI", Some("Mich."), "Michigan"),
    ("MN", Some("Minn."), "Minnesota"),
    ("MS", Some("Miss."), "Mississippi"),
    ("MO", Some("Mo."), "Missouri"),
    ("MT", Some("Mont."), "Montana"),
    ("NE", Some("Neb."), "Nebraska"),
    ("NV", Some("Nev."), "Nevada"),
    ("NH", Some("N.H."), "New Hampshire"),
    ("NJ", Some("N.J."), "New Jersey"),
    ("NM", Some("N.M."), "New Mexico"),
    ("NY", Some("N.Y."), "New York"),
    ("NC", Some("N.C."), "North Carolina"),
    ("ND", Some("N.D."), "North Dakota"),
    ("OH", None, "Ohio"),
    ("OK", Some("Okla."), "Oklahoma"),
    ("OR", Some("Ore."), "Oregon"),
    ("PA", Some("Pa."), "Pennsylvania"),
    ("RI", Some("R.I."), "Rhode Island"),
    ("SC", Some("S.C."), "South Carolina"),
    ("SD", Some("S.D."), "South Dakota"),
    ("TN", Some("Tenn."), "Tennessee"),
    ("TX", None, "Texas"),
    ("UT", None, "Utah"),
    ("VT", Some("Vt."), "Vermont"),
    ("VA", Some("Va."), "Virginia"),
    ("WA", Some("Wash."), "Washington"),
    ("WV", Some("W.Va."), "West Virginia"),
    ("WI", Some("Wis."), "Wisconsin"),
    ("WY", Some("Wyo."), "Wyoming"),
    ("DC", Some("D.C."), "District of Columbia"),
    ("PR", Some("P.R."), "Puerto Rico"),
    ("GU", None, "Guam"),
    ("VI", None, "Virgin Islands"),
    ("AS", None, "American Samoa"),
    ("MP", None, "Northern Mariana Islands"),
];

/// A party letter and a state, as far as copy gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Affiliation {
    /// `R`, `D` or `I`.
    pub party: Option<char>,
    /// USPS code.
    pub state: Option<&'static str>,
}

impl Affiliation {
    /// Whether a role's party (its letter) and state fit what copy says.
    pub fn fits(&self, party: Option<char>, state: Option<&str>) -> bool {
        let party_ok = self.party.is_none_or(|p| party == Some(p));
        let state_ok = self.state.is_none_or(|s| state == Some(s));
        party_ok && state_ok
    }
}

/// `R` for "Republican", `D` for "Democrat" or "Democratic", `I` for "Independent".
pub fn party_letter(party: &str) -> Option<char> {
    match party.split_whitespace().next()? {
        "Republican" => Some('R'),
        "Democrat" | "Democratic" => Some('D'),
        "Independent" => Some('I'),
        _ => None,
    }
}

/// A state named by its USPS code, AP abbreviation or full name, at the start of `text`; with
/// the length read.
fn state_at(text: &str) -> Option<(&'static str, usize)> {
    let mut best: Option<(&'static str, usize)> = None;
    for &(code, ap, name) in STATES {
        for form in [Some(code), ap, Some(name)].into_iter().flatten() {
            let whole = text.starts_with(form)
                && !text[form.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if whole && best.is_none_or(|(_, len)| form.len() > len) {
                best = Some((code, form.len()));
            }
        }
    }
    best
}

/// What copy says right after a name (`rest` starts right after it): "(R-Ky.)", ", D-N.Y.,",
/// "(I-Vt.)", " of Kentucky".
pub fn after_name(rest: &str) -> Option<Affiliation> {
    let tagged = rest
        .strip_prefix(" (")
        .or_else(|| rest.strip_prefix(", "))
        .and_then(|r| {
            let mut chars = r.chars();
            let party = chars.next().filter(|c| matches!(c, 'R' | 'D' | 'I'))?;
            let r = chars.as_str().strip_prefix('-')?;
            let (state, _) = state_at(r)?;
            Some(Affiliation {
                party: Some(party),
                state: Some(state),
            })
        });
    tagged.or_else(|| {
        let r = rest.strip_prefix(" of ")?;
        let (state, _) = state_at(r)?;
        Some(Affiliation {
            party: None,
            state: Some(state),
        })
    })
}

/// Whether a place name is qualified as a place in North America: followed by a state or
/// province (", Texas", ", Tex.", ", Mo.", ", WA", ", Ontario"), or preceded by one as in "the
/// West Texas city of" (`before` ends right before the name).
pub fn north_american_place(before: &str, rest: &str) -> bool {
    const PROVINCES: &[&str] = &["Ontario", "Ont.", "Saskatchewan", "Sask.", "Tex."];
    let after = rest.strip_prefix(", ").is_some_and(|r| {
        state_at(r).is_some()
            || PROVINCES.iter().any(|p| {
                r.starts_with(p)
                    && !r[p.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            })
    });
    let mut before = before.trim_end();
    // "the West Texas cities of Midland and Odessa".
    if let Some(head) = before.strip_suffix(" and") {
        if let Some(space) = head.rfind(' ') {
            if head[..space].ends_with("cities of") {
                before = &head[..space];
            }
        }
    }
    let lead = ["city of", "town of", "village of", "county of", "cities of"]
        .iter()
        .find_map(|w| before.strip_suffix(w))
        .map(str::trim_end);
    let in_state = lead.is_some_and(|head| {
        STATES.iter().any(|&(_, _, name)| head.ends_with(name))
            || PROVINCES.iter().any(|p| head.ends_with(p))
    });
    after || in_state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_and_state_after_a_name() {
        let a = |s| after_name(s).map(|a| (a.party, a.state));
        assert_eq!(a(" (R-Ky.) said"), Some((Some('R'), Some("KY"))));
        assert_eq!(a(", D-N.Y., said"), Some((Some('D'), Some("NY"))));
        assert_eq!(a(" (I-VT)"), Some((Some('I'), Some("VT"))));
        assert_eq!(a(" (D-W.Va.)"), Some((Some('D'), Some("WV"))));
        assert_eq!(a(" of West Virginia"), Some((None, Some("WV"))));
        assert_eq!(a(" of Virginia"), Some((None, Some("VA"))));
        assert_eq!(a(" of Kansas City"), Some((None, Some("KS"))));
        assert_eq!(a(" (R-Kyiv)"), None);
        assert_eq!(a(" said"), None);
        assert_eq!(a(" of the party"), None);
    }

    #[test]
    fn places_qualified_as_north_american() {
        let q = north_american_place;
        assert!(q("Oil prices in ", ", Texas, rose"));
        assert!(q("", ", Tex., police"));
        assert!(q("near ", ", Mo."));
        assert!(q("in ", ", WA 99159"));
        assert!(q("in ", ", Ontario"));
        assert!(q("the West Texas city of ", " said"));
        assert!(q("the West Texas cities of Midland and ", " are"));
        assert!(!q("strikes on ", ", the port city"));
        assert!(!q("the Ukrainian city of ", " was hit"));
        assert!(!q("in ", ", Ukraine"));
        assert!(!q("in ", ", Waco"));
    }

    #[test]
    fn roles_fit_what_copy_says() {
        let said = Affiliation {
            party: Some('R'),
            state: Some("KY"),
        };
        assert!(said.fits(party_letter("Republican"), Some("KY")));
        assert!(!said.fits(party_letter("Democrat"), Some("KY")));
        assert!(!said.fits(party_letter("Republican"), Some("TN")));
        assert!(!said.fits(None, None));
    }
}
