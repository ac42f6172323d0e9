//! DNS messages on the wire, built and read with hickory-proto: the query we
//! send, whether a response answers it, and what a response says in the
//! three states of [`super`].

use super::{Answer, DnsFailureKind, QueryType, RecordData};
use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{DNSClass, Name, RData, RecordType};

/// The EDNS payload size we advertise: the DNS Flag Day 2020 value, small
/// enough to avoid IP fragmentation. Larger answers come truncated and are
/// asked again over TCP.
pub const EDNS_PAYLOAD: u16 = 1232;

/// Most CNAMEs followed for one lookup; a longer chain is a DNS error.
pub const MAX_CNAME_HOPS: usize = 8;

/// One question: a name and a record type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub name: Name,
    pub qtype: QueryType,
}

impl Question {
    /// The question for `name` (without trailing dot), or `InvalidName`.
    /// Labels go on the wire as the bytes they are: SPF macros and
    /// domain-specs may hold any visible character (`foo:bar/baz`, `%`,
    /// spaces), which host-name parsing would refuse (RFC 7208 7.1).
    pub fn new(name: &str, qtype: QueryType) -> Result<Question, DnsFailureKind> {
        let labels = name.trim_end_matches('.').split('.').map(str::as_bytes);
        let mut name = Name::from_labels(labels).map_err(|_| DnsFailureKind::InvalidName)?;
        name.set_fqdn(true);
        Ok(Question { name, qtype })
    }

    /// A question about the root: any response to it (NODATA from a
    /// resolver, REFUSED from a server for other zones) shows that a server
    /// is alive.
    pub fn liveness_probe() -> Question {
        Question {
            name: Name::root(),
            qtype: QueryType::A,
        }
    }

    /// The query message with `id`: recursion desired, EDNS0.
    pub fn encode(&self, id: u16) -> Result<Vec<u8>, DnsFailureKind> {
        let mut message = Message::new(id, MessageType::Query, OpCode::Query);
        message.metadata.recursion_desired = true;
        // AD=1 asks a validating resolver to say whether the answer is
        // DNSSEC-validated (RFC 6840 section 5.7); DANE needs to know.
        message.metadata.authentic_data = true;
        message.add_query(Query::query(self.name.clone(), record_type(self.qtype)));
        let mut edns = Edns::new();
        edns.set_max_payload(EDNS_PAYLOAD);
        message.set_edns(edns);
        message
            .to_vec()
            .map_err(|e| DnsFailureKind::Other(format!("cannot encode the query: {e}")))
    }

    /// Whether `response` answers this question: a response with exactly
    /// this question (name compared case-insensitively, type, class IN).
    /// With the random ID, this is what rejects spoofed and stale answers.
    pub fn is_answered_by(&self, response: &Message) -> bool {
        response.metadata.message_type == MessageType::Response
            && response.queries.len() == 1
            && response.queries[0].query_type() == record_type(self.qtype)
            && response.queries[0].query_class() == DNSClass::IN
            && *response.queries[0].name() == self.name
    }
}

/// What a response to a question says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A definite answer or a failure.
    Final(Result<Answer, DnsFailureKind>),
    /// The answer did not fit: ask again over TCP.
    Truncated,
    /// The name is an alias whose target's records were not included: the
    /// CNAME targets in the answer, in chain order; ask for the last one.
    /// The chain stops at the first name seen twice (a loop).
    Alias(Vec<Name>),
}

/// Read a response that [`Question::is_answered_by`] accepted.
pub fn read(response: &Message, question: &Question) -> Reading {
    if response.metadata.truncation {
        return Reading::Truncated;
    }
    match response.metadata.response_code {
        ResponseCode::NoError => {}
        ResponseCode::NXDomain => {
            return Reading::Final(Ok(Answer {
                records: vec![],
                nxdomain: true,
            }));
        }
        ResponseCode::ServFail => return Reading::Final(Err(DnsFailureKind::ServFail)),
        ResponseCode::Refused => return Reading::Final(Err(DnsFailureKind::Refused)),
        other => return Reading::Final(Err(DnsFailureKind::Other(format!("response code {other}")))),
    }
    let records: Vec<RecordData> = response
        .answers
        .iter()
        .filter(|r| r.dns_class == DNSClass::IN)
        .filter_map(|r| convert(&r.data, question.qtype, response.metadata.authentic_data))
        .collect();
    if records.is_empty() && question.qtype != QueryType::Cname {
        let chain = alias_chain(response, &question.name);
        if !chain.is_empty() {
            return Reading::Alias(chain);
        }
    }
    Reading::Final(Ok(Answer {
        records,
        nxdomain: false,
    }))
}

/// The CNAME chain that starts at `name` in the answer section: each
/// target in turn, up to the first one seen before (a loop) and at most one
/// more than [`MAX_CNAME_HOPS`], so the caller can tell a chain too long.
fn alias_chain(response: &Message, name: &Name) -> Vec<Name> {
    let mut chain: Vec<Name> = Vec::new();
    while chain.len() <= MAX_CNAME_HOPS {
        let current = chain.last().unwrap_or(name);
        let next = response.answers.iter().find_map(|r| match &r.data {
            RData::CNAME(target) if r.name == *current => Some(&target.0),
            _ => None,
        });
        let Some(target) = next else { break };
        let looped = target == name || chain.contains(target);
        chain.push(target.clone());
        if looped {
            break;
        }
    }
    chain
}

/// A CNAME chain being followed across responses, as lower-case names
/// without the trailing dot: the question's name, then each target.
#[derive(Debug)]
pub struct AliasChain(Vec<String>);

impl AliasChain {
    pub fn new(start: &Name) -> AliasChain {
        AliasChain(vec![host_name(start)])
    }

    /// Add the next targets; the DNS error that names the chain when it
    /// loops or has more than [`MAX_CNAME_HOPS`] links.
    pub fn extend(&mut self, targets: &[Name]) -> Result<(), DnsFailureKind> {
        for target in targets {
            let target = host_name(target);
            let looped = self.0.contains(&target);
            self.0.push(target);
            if looped {
                return Err(DnsFailureKind::Other(format!("CNAME loop: {}", self.0.join(" -> "))));
            }
            if self.0.len() > MAX_CNAME_HOPS + 1 {
                return Err(DnsFailureKind::Other(format!(
                    "CNAME chain longer than {MAX_CNAME_HOPS}: {} -> ...",
                    self.0[..3].join(" -> ")
                )));
            }
        }
        Ok(())
    }
}

pub fn record_type(qtype: QueryType) -> RecordType {
    match qtype {
        QueryType::A => RecordType::A,
        QueryType::Aaaa => RecordType::AAAA,
        QueryType::Mx => RecordType::MX,
        QueryType::Txt => RecordType::TXT,
        QueryType::Cname => RecordType::CNAME,
        QueryType::Ptr => RecordType::PTR,
        QueryType::Tlsa => RecordType::TLSA,
    }
}

fn host_name(name: &Name) -> String {
    let s = name.to_ascii().to_ascii_lowercase();
    if s == "." {
        s
    } else {
        s.trim_end_matches('.').to_string()
    }
}

/// One record reduced to what the audits need, if it is of the asked type.
/// A CNAME chain in the answer is not data of the asked type: the caller
/// wants the records at the end of it.
/// `authenticated`: the response had the AD bit (kept on TLSA records).
fn convert(data: &RData, qtype: QueryType, authenticated: bool) -> Option<RecordData> {
    let converted = match (qtype, data) {
        (QueryType::A, RData::A(a)) => RecordData::A(a.0),
        (QueryType::Aaaa, RData::AAAA(a)) => RecordData::Aaaa(a.0),
        (QueryType::Mx, RData::MX(mx)) => RecordData::Mx {
            preference: mx.preference,
            exchange: host_name(&mx.exchange),
        },
        (QueryType::Txt, RData::TXT(txt)) => RecordData::Txt(txt.txt_data.iter().map(|s| s.to_vec()).collect()),
        (QueryType::Cname, RData::CNAME(c)) => RecordData::Cname(host_name(&c.0)),
        (QueryType::Ptr, RData::PTR(p)) => RecordData::Ptr(host_name(&p.0)),
        (QueryType::Tlsa, RData::TLSA(t)) => RecordData::Tlsa {
            usage: t.cert_usage.into(),
            selector: t.selector.into(),
            matching: t.matching.into(),
            data: t.cert_data.clone(),
            authenticated,
        },
        _ => return None,
    };
    Some(converted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hickory_proto::rr::Record;
    use hickory_proto::rr::rdata::{CNAME, TXT};

    fn response_to(question: &Question, id: u16) -> Message {
        let mut response = Message::new(id, MessageType::Response, OpCode::Query);
        response.add_query(Query::query(question.name.clone(), record_type(question.qtype)));
        response
    }

    fn txt(name: &str, text: &str) -> Record {
        Record::from_rdata(
            Name::from_ascii(name).unwrap(),
            300,
            RData::TXT(TXT::new(vec![text.into()])),
        )
    }

    #[test]
    fn encoded_query_asks_one_question_with_edns() {
        let question = Question::new("Example.test", QueryType::Txt).unwrap();
        let sent = Message::from_vec(&question.encode(4242).unwrap()).unwrap();
        assert_eq!(sent.metadata.id, 4242);
        assert!(sent.metadata.recursion_desired);
        assert_eq!(sent.queries.len(), 1);
        assert_eq!(sent.queries[0].query_type(), RecordType::TXT);
        assert_eq!(sent.edns.map(|e| e.max_payload()), Some(EDNS_PAYLOAD));
        assert!(Question::new("a..b", QueryType::A).is_err());
    }

    #[test]
    fn only_a_response_to_the_same_question_matches() {
        let question = Question::new("a.example.test", QueryType::Txt).unwrap();
        assert!(question.is_answered_by(&response_to(&question, 1)));
        // Case does not matter (0x20-style answers), the name and type do.
        let upper = Question::new("A.EXAMPLE.TEST", QueryType::Txt).unwrap();
        assert!(question.is_answered_by(&response_to(&upper, 1)));
        let other_name = Question::new("b.example.test", QueryType::Txt).unwrap();
        assert!(!question.is_answered_by(&response_to(&other_name, 1)));
        let other_type = Question::new("a.example.test", QueryType::A).unwrap();
        assert!(!question.is_answered_by(&response_to(&other_type, 1)));
        let mut not_a_response = response_to(&question, 1);
        not_a_response.metadata.message_type = MessageType::Query;
        assert!(!question.is_answered_by(&not_a_response));
        let mut no_question = response_to(&question, 1);
        no_question.queries.clear();
        assert!(!question.is_answered_by(&no_question));
    }

    #[test]
    fn response_codes_are_three_states() {
        let question = Question::new("a.example.test", QueryType::Txt).unwrap();
        let mut response = response_to(&question, 1);
        response.add_answer(txt("a.example.test.", "v=spf1 -all"));
        match read(&response, &question) {
            Reading::Final(Ok(answer)) => assert_eq!(answer.txt_strings(), vec!["v=spf1 -all"]),
            other => panic!("{other:?}"),
        }
        let with_code = |code| {
            let mut r = response_to(&question, 1);
            r.metadata.response_code = code;
            read(&r, &question)
        };
        assert_eq!(
            with_code(ResponseCode::NXDomain),
            Reading::Final(Ok(Answer {
                records: vec![],
                nxdomain: true
            }))
        );
        assert_eq!(with_code(ResponseCode::NoError), Reading::Final(Ok(Answer::default())));
        assert_eq!(
            with_code(ResponseCode::ServFail),
            Reading::Final(Err(DnsFailureKind::ServFail))
        );
        assert_eq!(
            with_code(ResponseCode::Refused),
            Reading::Final(Err(DnsFailureKind::Refused))
        );
        assert!(matches!(
            with_code(ResponseCode::FormErr),
            Reading::Final(Err(DnsFailureKind::Other(_)))
        ));
        let mut truncated = response_to(&question, 1);
        truncated.metadata.truncation = true;
        assert_eq!(read(&truncated, &question), Reading::Truncated);
    }

    #[test]
    fn an_alias_without_its_target_is_followed() {
        let question = Question::new("alias.example.test", QueryType::Txt).unwrap();
        let cname = |from: &str, to: &str| {
            Record::from_rdata(
                Name::from_ascii(from).unwrap(),
                300,
                RData::CNAME(CNAME(Name::from_ascii(to).unwrap())),
            )
        };
        let mut response = response_to(&question, 1);
        response.add_answer(cname("alias.example.test.", "mid.example.test."));
        response.add_answer(cname("mid.example.test.", "end.other.test."));
        assert_eq!(
            read(&response, &question),
            Reading::Alias(vec![
                Name::from_ascii("mid.example.test.").unwrap(),
                Name::from_ascii("end.other.test.").unwrap()
            ])
        );
        // With the target's records included, the answer is final.
        response.add_answer(txt("end.other.test.", "hello"));
        assert!(matches!(read(&response, &question), Reading::Final(Ok(a)) if a.records.len() == 1));
        // Asking for the CNAME itself never follows it.
        let cname_question = Question::new("alias.example.test", QueryType::Cname).unwrap();
        let mut response = response_to(&cname_question, 1);
        response.add_answer(cname("alias.example.test.", "mid.example.test."));
        assert_eq!(
            read(&response, &cname_question),
            Reading::Final(Ok(Answer {
                records: vec![RecordData::Cname("mid.example.test".into())],
                nxdomain: false
            }))
        );
    }

    #[test]
    fn a_cname_loop_or_an_overlong_chain_is_an_error_naming_it() {
        let question = Question::new("loop1.example.test", QueryType::Txt).unwrap();
        let name = |n: &str| Name::from_ascii(n).unwrap();
        let cname = |from: &str, to: &str| Record::from_rdata(name(from), 300, RData::CNAME(CNAME(name(to))));
        // A server that repeats the loop in its answer: the chain stops at
        // the first name seen twice.
        let mut response = response_to(&question, 1);
        for _ in 0..4 {
            response.add_answer(cname("loop1.example.test.", "Loop2.example.test."));
            response.add_answer(cname("loop2.example.test.", "loop1.example.test."));
        }
        let Reading::Alias(targets) = read(&response, &question) else {
            panic!("an alias")
        };
        assert_eq!(targets.len(), 2);
        let mut chain = AliasChain::new(&question.name);
        assert_eq!(
            chain.extend(&targets),
            Err(DnsFailureKind::Other(
                "CNAME loop: loop1.example.test -> loop2.example.test -> loop1.example.test".into()
            ))
        );
        // A loop seen only across responses (one CNAME per answer) is caught too.
        let mut chain = AliasChain::new(&name("a.test."));
        assert_eq!(chain.extend(&[name("b.test.")]), Ok(()));
        assert!(
            matches!(chain.extend(&[name("A.test.")]), Err(DnsFailureKind::Other(m)) if m == "CNAME loop: a.test -> b.test -> a.test")
        );
        // MAX_CNAME_HOPS links are followed; one more is an error.
        let links: Vec<Name> = (1..=MAX_CNAME_HOPS + 1).map(|i| name(&format!("c{i}.test."))).collect();
        let mut chain = AliasChain::new(&name("c0.test."));
        assert_eq!(chain.extend(&links[..MAX_CNAME_HOPS]), Ok(()));
        assert_eq!(
            chain.extend(&links[MAX_CNAME_HOPS..]),
            Err(DnsFailureKind::Other(format!(
                "CNAME chain longer than {MAX_CNAME_HOPS}: c0.test -> c1.test -> c2.test -> ..."
            )))
        );
    }
}
