//! A minimal blocking HTTP/1.1 client over one keep-alive connection, for the crash test and
//! the load benchmark (loopback only).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

/// One keep-alive connection.
pub struct Connection {
    reader: BufReader<TcpStream>,
    request: Vec<u8>,
}

impl Connection {
    /// Connects to `addr`.
    pub fn open(addr: SocketAddr) -> io::Result<Self> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            reader: BufReader::new(stream),
            request: Vec::with_capacity(2048),
        })
    }

    /// Posts `body` to `path` with `signature` as `Vonage-Signature`; the status and the body
    /// of the answer.
    pub fn post(
        &mut self,
        path: &str,
        signature: Option<&str>,
        body: &[u8],
    ) -> io::Result<(u16, Vec<u8>)> {
        self.request.clear();
        write!(
            self.request,
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\nContent-Length: {}\r\n",
            body.len()
        )?;
        if let Some(signature) = signature {
            write!(self.request, "Vonage-Signature: {signature}\r\n")?;
        }
        self.request.extend_from_slice(b"\r\n");
        self.request.extend_from_slice(body);
        self.send()
    }

    /// Sends `GET path`; the status and the body of the answer.
    #[allow(dead_code, reason = "the CLI's tests use it, the load bench does not")]
    pub fn get(&mut self, path: &str) -> io::Result<(u16, Vec<u8>)> {
        self.request.clear();
        write!(
            self.request,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )?;
        self.send()
    }

    /// Sends the request built and reads its answer.
    fn send(&mut self) -> io::Result<(u16, Vec<u8>)> {
        self.reader.get_mut().write_all(&self.request)?;

        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidData, format!("status line {line:?}"))
            })?;
        let mut length = 0;
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut answer = vec![0; length];
        self.reader.read_exact(&mut answer)?;
        Ok((status, answer))
    }
}
