//! A second, lenient read of one TXT response.
//!
//! hickory-proto refuses a whole response that holds a record with
//! RDLENGTH 0 outside DNS UPDATE (`DecodeError::InvalidEmptyRecord`). A TXT
//! record with no strings is such a record, and RFC 7208 3.3 treats it as
//! simply not an SPF record: one empty record next to the real one must not
//! make the lookup fail (the openspf suite's `null-text` case). For that error
//! only, the same response is read here: header, question, and the answer
//! section's TXT and CNAME records, with hickory's name decoding. The result
//! goes through the same question matching as every other response.

use hickory_proto::op::{Header, Message};
use hickory_proto::rr::rdata::{CNAME, TXT};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use hickory_proto::serialize::binary::{BinDecodable, BinDecoder, DecodeError};

/// True when `error` is hickory's refusal of a zero-length record.
fn is_empty_record_refusal(error: &DecodeError) -> bool {
    matches!(error, DecodeError::InvalidEmptyRecord)
}

/// Decode a response: hickory's reading, or the lenient one when hickory
/// refuses only because of a record without data.
pub fn decode(response: &[u8]) -> Option<Message> {
    match Message::from_vec(response) {
        Ok(message) => Some(message),
        Err(e) if is_empty_record_refusal(&e) => read_txt_response(response),
        Err(_) => None,
    }
}

/// `response` read as a message whose answer section keeps only TXT records
/// (possibly without strings) and CNAMEs; `None` when it is malformed.
fn read_txt_response(response: &[u8]) -> Option<Message> {
    // Decode from the start of the message so compression pointers resolve.
    let mut decoder = BinDecoder::new(response);
    let header = Header::read(&mut decoder).ok()?;
    let queries = Message::read_queries(&mut decoder, usize::from(header.counts.queries)).ok()?;
    let mut message = Message::new(
        header.metadata.id,
        header.metadata.message_type,
        header.metadata.op_code,
    );
    message.metadata = header.metadata;
    message.queries = queries;
    for _ in 0..header.counts.answers {
        let owner = Name::read(&mut decoder).ok()?;
        let rtype = RecordType::from(decoder.read_u16().ok()?.unverified());
        decoder.read_u16().ok()?; // class: IN is checked on the question
        let ttl = decoder.read_u32().ok()?.unverified();
        let len = usize::from(decoder.read_u16().ok()?.unverified());
        let data = match rtype {
            RecordType::CNAME => {
                let start = decoder.index();
                let target = Name::read(&mut decoder).ok()?;
                if decoder.index() != start + len {
                    return None;
                }
                RData::CNAME(CNAME(target))
            }
            RecordType::TXT => {
                let rdata = decoder.read_slice(len).ok()?.unverified();
                RData::TXT(TXT::from_bytes(txt_strings(rdata)?))
            }
            _ => {
                decoder.read_slice(len).ok()?;
                continue;
            }
        };
        message.answers.push(Record::from_rdata(owner, ttl, data));
    }
    Some(message)
}

/// The character-strings of one TXT RDATA (none for an empty one).
fn txt_strings(mut rest: &[u8]) -> Option<Vec<&[u8]>> {
    let mut strings = Vec::new();
    while let Some((&n, tail)) = rest.split_first() {
        let n = usize::from(n);
        if tail.len() < n {
            return None;
        }
        strings.push(&tail[..n]);
        rest = &tail[n..];
    }
    Some(strings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_txt_record_is_read_beside_a_real_one() {
        // Header: id 0x1234, response, NOERROR, 1 question, 2 answers.
        let mut bytes = vec![0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0];
        bytes.extend_from_slice(b"\x01a\x04test\x00\x00\x10\x00\x01");
        // Answer 1: pointer to the question name, TXT IN, ttl, RDLENGTH 0.
        bytes.extend_from_slice(&[0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 0]);
        // Answer 2: "v=spf1 -all".
        bytes.extend_from_slice(&[0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 12, 11]);
        bytes.extend_from_slice(b"v=spf1 -all");
        assert!(matches!(
            Message::from_vec(&bytes),
            Err(DecodeError::InvalidEmptyRecord)
        ));
        let message = read_txt_response(&bytes).expect("read leniently");
        assert_eq!(message.metadata.id, 0x1234);
        assert_eq!(message.queries.len(), 1);
        let strings: Vec<usize> = message
            .answers
            .iter()
            .map(|r| match &r.data {
                RData::TXT(t) => t.txt_data.len(),
                _ => usize::MAX,
            })
            .collect();
        assert_eq!(strings, vec![0, 1]);
    }

    #[test]
    fn a_string_longer_than_its_record_is_malformed() {
        let mut bytes = vec![0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
        bytes.extend_from_slice(b"\x01a\x04test\x00\x00\x10\x00\x01");
        bytes.extend_from_slice(&[0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 2, 5, b'x']);
        assert!(read_txt_response(&bytes).is_none());
    }
}
