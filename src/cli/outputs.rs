//! `-o/--output [FORMAT=]FILE`, the same on every command: one run writes
//! several formats from the same lookups (SARIF for code scanning, Markdown
//! for the job summary, JSON to keep). Files are written atomically (a
//! temporary file renamed in place), so a failed run never leaves a
//! half-written report; a file that cannot be written exits 3.

use super::usage;
use clap::ValueEnum;
use std::path::{Path, PathBuf};

/// The flag, flattened into each command that writes a report.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OutputArgs {
    /// Write the report to FILE instead of standard output. FORMAT=FILE writes
    /// that format there (repeatable: several formats from one run); `-` is standard output
    #[arg(short = 'o', long = "output", value_name = "[FORMAT=]FILE")]
    pub outputs: Vec<String>,
}

/// Where one rendering goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

/// One format to one place.
#[derive(Debug, Clone)]
pub struct Output<F> {
    pub format: F,
    pub target: Target,
}

impl<F> Output<F> {
    pub fn to_stdout(&self) -> bool {
        self.target == Target::Stdout
    }
}

/// Every output of a run, in the order given.
#[derive(Debug, Clone)]
pub struct Outputs<F>(pub Vec<Output<F>>);

impl<F: ValueEnum + Copy> Outputs<F> {
    /// `--output` values over `--format`: `FORMAT=FILE` when FORMAT is one
    /// of this command's formats, else `FILE` in the `--format` format.
    /// No `--output`: the `--format` format on standard output.
    pub fn parse(args: &OutputArgs, format: F) -> anyhow::Result<Self> {
        if args.outputs.is_empty() {
            return Ok(Outputs(vec![Output {
                format,
                target: Target::Stdout,
            }]));
        }
        let mut outputs: Vec<Output<F>> = Vec::new();
        for value in &args.outputs {
            let (format, file) = match value.split_once('=') {
                Some((name, file)) => match F::from_str(name, true) {
                    Ok(named) => (named, file),
                    Err(_) => (format, value.as_str()),
                },
                None => (format, value.as_str()),
            };
            let target = match file {
                "" => return Err(usage(format!("--output {value}: no file name"))),
                "-" => Target::Stdout,
                path => Target::File(PathBuf::from(path)),
            };
            if outputs.iter().any(|o| o.target == target) {
                let what = match &target {
                    Target::Stdout => "standard output".to_string(),
                    Target::File(path) => path.display().to_string(),
                };
                return Err(usage(format!(
                    "--output: {} is given twice; each output needs its own file",
                    mailaudit::sanitize::for_terminal(&what)
                )));
            }
            outputs.push(Output { format, target });
        }
        Ok(Outputs(outputs))
    }

    /// Render each output and write it: standard output as it is, files
    /// atomically. A file that cannot be written is named on stderr and
    /// makes the run exit 3; the other outputs are still written.
    pub fn write(&self, mut render: impl FnMut(F, bool) -> anyhow::Result<String>) -> anyhow::Result<()> {
        for output in &self.0 {
            let text = render(output.format, output.to_stdout())?;
            match &output.target {
                Target::Stdout => super::print(&text),
                Target::File(path) => {
                    if let Err(e) = mailaudit::atomic_file::write(path, text.as_bytes()) {
                        super::note_file_error(path, &e);
                    }
                }
            }
        }
        Ok(())
    }
}

impl<F> Outputs<F> {
    /// The files among the outputs.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.0.iter().filter_map(|o| match &o.target {
            Target::File(path) => Some(path.as_path()),
            Target::Stdout => None,
        })
    }

    /// Say that the files were not touched (nothing was read: no report, and
    /// no all-clear over an earlier one).
    pub fn left_unchanged(&self) {
        for path in self.files() {
            eprintln!(
                "{} left unchanged.",
                mailaudit::sanitize::for_terminal(&path.display().to_string())
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mailaudit::output::CheckFormat;

    fn parse(values: &[&str]) -> anyhow::Result<Outputs<CheckFormat>> {
        let args = OutputArgs {
            outputs: values.iter().map(|v| v.to_string()).collect(),
        };
        Outputs::parse(&args, CheckFormat::Text)
    }

    #[test]
    fn format_equals_file_or_a_bare_file() {
        let outputs = parse(&["sarif=a.sarif", "report.txt", "json=-", "x=y.txt"]).unwrap().0;
        assert_eq!(outputs[0].format, CheckFormat::Sarif);
        assert_eq!(outputs[0].target, Target::File("a.sarif".into()));
        assert_eq!(outputs[1].format, CheckFormat::Text);
        assert_eq!(outputs[2].format, CheckFormat::Json);
        assert!(outputs[2].to_stdout());
        // Not a format name: the whole value is a file name.
        assert_eq!(outputs[3].target, Target::File("x=y.txt".into()));
        assert_eq!(outputs[3].format, CheckFormat::Text);
    }

    #[test]
    fn no_output_is_the_format_on_stdout() {
        let outputs = parse(&[]).unwrap().0;
        assert_eq!(outputs.len(), 1);
        assert!(outputs[0].to_stdout());
    }

    #[test]
    fn one_place_gets_one_output() {
        assert!(parse(&["json=-", "sarif=-"]).is_err());
        assert!(parse(&["json=a", "sarif=a"]).is_err());
        assert!(parse(&["json="]).is_err());
    }
}
