from stemeco.cli import main

main()
