from stemeco.cli.app import main

main()
