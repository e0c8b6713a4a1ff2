@echo off
rem mxmedia launcher for Windows: runs lib\mxmedia.jar with the java of JAVA_HOME, else of the PATH.
rem JVM options come from JAVA_OPTS and MXMEDIA_OPTS (e.g. set MXMEDIA_OPTS=-Xmx256m).
setlocal

set "APP_HOME=%~dp0.."
set "JAR=%APP_HOME%\lib\mxmedia.jar"

if defined JAVA_HOME goto useJavaHome
set "JAVA_EXE=java.exe"
%JAVA_EXE% -version >NUL 2>&1
if %ERRORLEVEL% equ 0 goto run
echo mxmedia: no java found; install Java 17+ and put it on the PATH or set JAVA_HOME 1>&2
exit /b 1

:useJavaHome
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto run
echo mxmedia: JAVA_HOME is set to "%JAVA_HOME%" but "%JAVA_EXE%" does not exist; point JAVA_HOME at a Java 17+ installation 1>&2
exit /b 1

:run
if exist "%JAR%" goto exec
echo mxmedia: "%JAR%" is missing; reinstall mxmedia 1>&2
exit /b 1

:exec
"%JAVA_EXE%" %JAVA_OPTS% %MXMEDIA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
