from simulator.cli.main import main

main()
