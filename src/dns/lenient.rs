//! A second, lenient read of one TXT answer.
//!
//! hickory-proto refuses a whole response that holds a record with
//! RDLENGTH 0 outside DNS UPDATE (`DecodeError::InvalidEmptyRecord`). A TXT
//! record with no strings is such a record, and RFC 7208 3.3 treats it as
//! simply not an SPF record: one empty record next to the real one must not
//! make the lookup fail (the openspf suite's `null-text` case). For that error
//! only, the query is sent again and the answer section read here, with
//! hickory's name and header decoding; everything else stays with hickory.

use super::{Answer, DnsFailureKind, RecordData};
use hickory_resolver::proto::op::{Message, Query};
use hickory_resolver::proto::rr::{Name, RecordType};
use hickory_resolver::proto::serialize::binary::{BinDecodable, BinDecoder};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// True when `error` is hickory's refusal of a zero-length record.
pub fn is_empty_record_refusal(error: &str) -> bool {
    let refusal = hickory_resolver::proto::serialize::binary::DecodeError::InvalidEmptyRecord.to_string();
    error.contains(&refusal)
}

/// Ask `servers` in turn for the TXT records of `name`.
pub async fn txt(servers: &[SocketAddr], name: &Name, timeout: Duration) -> Result<Answer, DnsFailureKind> {
    let mut last = DnsFailureKind::Other("no name server to ask".into());
    for server in servers {
        match tokio::time::timeout(timeout, exchange(*server, name)).await {
            Ok(Ok(answer)) => return Ok(answer),
            Ok(Err(kind)) => last = kind,
            Err(_) => last = DnsFailureKind::Timeout,
        }
    }
    Err(last)
}

async fn exchange(server: SocketAddr, name: &Name) -> Result<Answer, DnsFailureKind> {
    let other = |e: &dyn std::fmt::Display| DnsFailureKind::Other(e.to_string());
    let mut query = Message::query();
    query.metadata.id = rand_id();
    query.metadata.recursion_desired = true;
    query.add_query(Query::query(name.clone(), RecordType::TXT));
    let bytes = query.to_vec().map_err(|e| other(&e))?;

    let bind: SocketAddr = if server.is_ipv4() {
        "0.0.0.0:0".parse().expect("address")
    } else {
        "[::]:0".parse().expect("address")
    };
    let socket = tokio::net::UdpSocket::bind(bind).await.map_err(|e| other(&e))?;
    socket.send_to(&bytes, server).await.map_err(|e| other(&e))?;
    let mut buf = vec![0u8; 4096];
    let response = loop {
        let (len, from) = socket.recv_from(&mut buf).await.map_err(|e| other(&e))?;
        if from == server && len >= 2 && buf[..2] == query.metadata.id.to_be_bytes() {
            break buf[..len].to_vec();
        }
    };
    let truncated = response.get(2).is_some_and(|flags| flags & 0x02 != 0);
    let response = if truncated {
        let mut stream = tokio::net::TcpStream::connect(server).await.map_err(|e| other(&e))?;
        let mut framed = (bytes.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&bytes);
        stream.write_all(&framed).await.map_err(|e| other(&e))?;
        let mut len = [0u8; 2];
        stream.read_exact(&mut len).await.map_err(|e| other(&e))?;
        let mut body = vec![0u8; u16::from_be_bytes(len) as usize];
        stream.read_exact(&mut body).await.map_err(|e| other(&e))?;
        body
    } else {
        response
    };
    read_txt_answer(&response)
}

/// The TXT records of a response, each as its strings (possibly none).
pub fn read_txt_answer(response: &[u8]) -> Result<Answer, DnsFailureKind> {
    let bad = |what: &str| DnsFailureKind::Other(format!("malformed answer: {what}"));
    if response.len() < 12 {
        return Err(bad("shorter than a header"));
    }
    let count = |at: usize| u16::from_be_bytes([response[at], response[at + 1]]) as usize;
    match response[3] & 0x0f {
        0 => {}
        2 => return Err(DnsFailureKind::ServFail),
        3 => {
            return Ok(Answer {
                records: vec![],
                nxdomain: true,
            });
        }
        5 => return Err(DnsFailureKind::Refused),
        code => return Err(DnsFailureKind::Other(format!("response code {code}"))),
    }
    let (questions, answers) = (count(4), count(6));
    // Decode from the start of the message so compression pointers resolve.
    let mut decoder = BinDecoder::new(response);
    decoder.read_slice(12).map_err(|_| bad("header"))?;
    Message::read_queries(&mut decoder, questions).map_err(|_| bad("question"))?;
    let mut records = Vec::new();
    for _ in 0..answers {
        Name::read(&mut decoder).map_err(|_| bad("owner name"))?;
        let rtype = decoder.read_u16().map_err(|_| bad("type"))?.unverified();
        decoder.read_u16().map_err(|_| bad("class"))?;
        decoder.read_u32().map_err(|_| bad("ttl"))?;
        let len = decoder.read_u16().map_err(|_| bad("length"))?.unverified() as usize;
        let rdata = decoder.read_slice(len).map_err(|_| bad("record data"))?.unverified();
        if rtype != u16::from(RecordType::TXT) {
            continue; // a CNAME on the way: the TXT records follow it
        }
        let mut strings = Vec::new();
        let mut rest = rdata;
        while let Some((&n, tail)) = rest.split_first() {
            let n = n as usize;
            if tail.len() < n {
                return Err(bad("TXT string longer than its record"));
            }
            strings.push(tail[..n].to_vec());
            rest = &tail[n..];
        }
        records.push(RecordData::Txt(strings));
    }
    Ok(Answer {
        records,
        nxdomain: false,
    })
}

/// A query id that is not predictable from the outside.
fn rand_id() -> u16 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    hasher.write_u128(now.map(|d| d.as_nanos()).unwrap_or(0));
    hasher.finish() as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_txt_record_next_to_a_split_one() {
        // Header: id 1, response, 1 question, 2 answers.
        let mut msg = vec![0, 1, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0];
        let name = [&[1u8, b'a', 4][..], b"test", &[0]].concat();
        msg.extend_from_slice(&name);
        msg.extend_from_slice(&[0, 16, 0, 1]);
        // Answer 1: pointer to the question name, TXT, "v=spf1 " "-all".
        let rdata = [&[7u8][..], b"v=spf1 ", &[4], b"-all"].concat();
        msg.extend_from_slice(&[0xc0, 12, 0, 16, 0, 1, 0, 0, 1, 44, 0, rdata.len() as u8]);
        msg.extend_from_slice(&rdata);
        // Answer 2: TXT with RDLENGTH 0.
        msg.extend_from_slice(&[0xc0, 12, 0, 16, 0, 1, 0, 0, 1, 44, 0, 0]);
        let answer = read_txt_answer(&msg).unwrap();
        assert_eq!(answer.txt_strings(), vec!["v=spf1 -all".to_string(), String::new()]);
        // hickory itself refuses this message.
        let refused = Message::from_vec(&msg).unwrap_err().to_string();
        assert!(is_empty_record_refusal(&refused), "{refused}");
        // A record claiming more bytes than it has is malformed, not empty.
        let mut cut = msg.clone();
        cut.truncate(cut.len() - 13);
        assert!(read_txt_answer(&cut).is_err());
    }
}
