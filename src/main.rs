use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = switchboard::server::config::Config::parse();
    match switchboard::server::run::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("switchboard: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
